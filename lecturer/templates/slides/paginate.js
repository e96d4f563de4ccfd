// Slides that fit the screen (issue #17): before reveal.js starts, every slide whose content
// is taller than the slide continues on as many sub-slides as it needs. The browser measures
// the real text, tables, figures and quiz questions at the slide's own size (reveal.js then
// scales the whole slide to the screen), so a lecturer's projector and the PDF see the same
// pages. A slide is cut between blocks (paragraphs, list items, table rows, outputs), never
// inside one; a table that continues repeats its header; a figure far taller than a slide is
// cut into slices at blank rows; speaker notes stay on the first page.
function paginateSlides(slideWidth, slideHeight) {
  "use strict";
  var limit = slideHeight * 0.95;  // a little air above the progress bar
  var atomic = /^(P|LI|TR|H[1-6]|IMG|SVG|PRE|FIGURE|BLOCKQUOTE|THEAD|CAPTION|DETAILS)$/;
  var heading = /^H[1-6]$/;
  // A block that leads into the next one: a heading, or a line ending in a colon.
  function leadsIn(element) {
    return heading.test(element.tagName)
      || (element.tagName === "P" && /:\s*$/.test(element.textContent));
  }
  // A figure's caption ("Figure 2: ...") or its folded table of numbers: it stays with it.
  function belongsToFigure(element) {
    return element.tagName === "DETAILS" || /^\s*(Figure|Table) \d+:/.test(element.textContent);
  }
  function unbreakable(element) {
    return atomic.test(element.tagName) || element.matches(".keep-together");
  }
  var reveal = document.querySelector(".reveal");

  function height(element) { return element.getBoundingClientRect().height; }
  // Speaker notes, the continuation's label and JupyterLab's cell collapsers (empty bars
  // as tall as their cell) are not content to place.
  function ignored(element) {
    return height(element) === 0 ||
      element.matches("aside.notes, .continued-title, .jp-Collapser");
  }

  // The element before which `page` is cut, or null when it fits or cannot be cut.
  function cutPoint(page) {
    var top = page.getBoundingClientRect().top;
    var bottom = top + limit;
    // True when nothing the audience sees comes before `element` on the page (a table's
    // header alone is not content: a page of only a header would repeat for ever).
    function startsPage(element) {
      for (var node = element; node !== page; node = node.parentElement) {
        for (var before = node.previousElementSibling; before;
             before = before.previousElementSibling) {
          if (!ignored(before) && !/^(THEAD|CAPTION)$/.test(before.tagName)) return false;
        }
      }
      return true;
    }
    function search(container) {
      for (var child of container.children) {
        if (ignored(child)) continue;
        var box = child.getBoundingClientRect();
        if (box.bottom <= bottom) continue;
        if (box.top < bottom && !unbreakable(child) && child.children.length > 0) {
          var inside = search(child);
          if (inside) return inside;
        }
        if (!startsPage(child)) return child;
        // The page's first block is too tall on its own: it stays whole, the cut comes after.
      }
      return null;
    }
    var cut = search(page);
    if (!cut) return null;
    // Cut before a heading or a line ending in a colon rather than leave it alone at the foot
    // of a page; shrink a figure a little, or else cut before it, rather than between it and
    // its caption or numbers; cut before a table rather than after its first row, and before
    // an element rather than its first child (no empty shells left behind).
    for (;;) {
      var before = cut.previousElementSibling;
      while (before && ignored(before)) before = before.previousElementSibling;
      var table = cut.tagName === "TR" && cut.closest("table");
      var figure = before && (before.tagName === "IMG" || before.querySelector("img"));
      if (before && leadsIn(before) && !startsPage(before)) {
        cut = before;
      } else if (figure && belongsToFigure(cut) && shrinkToFit(before, cut, bottom)) {
        return cutPoint(page);  // measured again with the smaller figure
      } else if (figure && belongsToFigure(cut) && !startsPage(before)) {
        cut = before;
      } else if (table && cut.sectionRowIndex < 2 && !startsPage(table)) {
        cut = table;  // no table ends a page on a single row
      } else if (!before && cut.parentElement !== page && !startsPage(cut.parentElement)) {
        cut = cut.parentElement;
      } else {
        return cut;
      }
    }
  }

  // A figure that leaves no room for its caption or its table of numbers gives up height
  // (once, to no less than 80% of it) rather than be parted from them or from its heading.
  function shrinkToFit(block, follower, bottom) {
    var image = block.tagName === "IMG" ? block : block.querySelector("img");
    if (!image || image.dataset.shrunk || image.closest(".figure-slice")) return false;
    var now = height(image);
    var wanted = now - (follower.getBoundingClientRect().bottom - bottom) - 2;
    image.dataset.shrunk = "yes";
    if (wanted < now * 0.8) return false;
    image.style.maxHeight = wanted + "px";
    return true;
  }

  // Move `cut`, everything after it on `page`, into a new sub-slide after `page`, keeping the
  // wrappers around them (shallow copies) so the cells keep their styles.
  function split(page, cut) {
    var next = page.cloneNode(false);
    var path = [];  // cut and its ancestors below page, found before anything moves
    for (var node = cut; node !== page; node = node.parentElement) path.push(node);
    var moved = null;
    for (node of path) {
      var parent = node.parentElement;
      var shell = parent === page ? next : parent.cloneNode(false);
      if (parent.tagName === "TABLE" && node.tagName === "TBODY") {
        var head = parent.querySelector(":scope > thead");
        if (head) shell.appendChild(head.cloneNode(true));
      }
      if (moved) shell.appendChild(moved);
      var sibling = moved ? node.nextSibling : node;
      while (sibling) {
        var following = sibling.nextSibling;
        if (!(sibling.nodeType === 1 && sibling.matches("aside.notes"))) {
          shell.appendChild(sibling);
        }
        sibling = following;
      }
      if (parent.tagName === "OL") {  // a numbered list goes on counting
        shell.start = (parent.start || 1) + parent.querySelectorAll(":scope > li").length;
      }
      moved = shell;
    }
    var title = page.querySelector("h1, h2, h3, .continued-title");
    if (title) next.insertBefore(continuedLabel(title), next.firstChild);
    page.after(next);
  }

  // "TITLE (continued)", the first line of a page that continues the slide titled `title`.
  function continuedLabel(title) {
    var label = document.createElement("p");
    label.className = "continued-title";
    label.textContent = title.textContent.replace(/¶$/, "").replace(/ \(continued\)$/, "")
      + " (continued)";
    return label;
  }

  // A table wider than the slide (many columns) gets a smaller type until it fits: a
  // projector cannot scroll sideways.
  function fitWidth(table) {
    var room = table.parentElement.getBoundingClientRect().width;
    for (var step = 0; step < 4 && table.getBoundingClientRect().width > room + 1; step++) {
      var size = parseFloat(getComputedStyle(table).fontSize);
      table.style.fontSize = Math.max(12, size * room / table.getBoundingClientRect().width - 0.5)
        + "px";
    }
  }

  // A figure much taller than a slide (the forest chart's many panels) would shrink until
  // unreadable: it is shown at the column's width instead, in slices cut in the widest blank
  // bands of the picture (between panels, rows or lines of text), which the pages take in
  // turn. The first slice carries the figure's description; the others are its continuation.
  function sliceTall(image) {
    var most = parseFloat(getComputedStyle(image).maxHeight);  // the slides' figure height
    var box = getComputedStyle(image.parentElement);  // the slices fill its content box
    var room = image.parentElement.clientWidth - parseFloat(box.paddingLeft)
      - parseFloat(box.paddingRight);
    var width = Math.min(room, image.naturalWidth);
    var scale = width / image.naturalWidth;  // slide pixels per picture pixel
    // Only a figure that would shrink below two thirds of its size: text shrunk further is
    // hard to read from the back of a room.
    if (!most || !image.naturalWidth || image.naturalHeight * scale <= most * 1.5) return;
    var canvas = document.createElement("canvas");
    canvas.width = image.naturalWidth;
    canvas.height = image.naturalHeight;
    var context = canvas.getContext("2d");
    context.drawImage(image, 0, 0);
    var pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
    function ink(row) {  // how many pixels of the row are not near white
      var count = 0;
      for (var at = row * canvas.width * 4, end = at + canvas.width * 4; at < end; at += 4) {
        if (pixels[at] + pixels[at + 1] + pixels[at + 2] < 3 * 235) count++;
      }
      return count;
    }
    // Inside a panel a blank row still carries thin lines (a dashed reference line, an
    // axis): up to 1% of the width in ink. Between panels it carries none.
    var faint = Math.max(2, canvas.width * 0.01);
    var step = Math.floor(most / scale);  // picture rows that fill a slide's figure height
    var cuts = [0];
    while (image.naturalHeight - cuts[cuts.length - 1] > step) {
      // In the lower half of the next slice: the middle of the longest run of empty rows
      // (a gap between panels), else of faint rows (a gap between two rows of a panel),
      // else the row with the least ink.
      var start = cuts[cuts.length - 1];
      var empty = {length: 0, run: 0, at: 0}, thin = {length: 0, run: 0, at: 0};
      var least = Infinity, leastRow = start + step;
      for (var row = start + step; row > start + step * 0.5; row--) {
        var amount = ink(row);
        if (amount < least) { least = amount; leastRow = row; }
        [[empty, amount === 0], [thin, amount <= faint]].forEach(function (pair) {
          var gap = pair[0];
          gap.run = pair[1] ? gap.run + 1 : 0;
          if (gap.run > gap.length) { gap.length = gap.run; gap.at = row + (gap.run >> 1); }
        });
      }
      cuts.push(empty.length >= 6 ? empty.at : thin.length > 0 ? thin.at : leastRow);
    }
    cuts.push(image.naturalHeight);
    var slices = [];
    for (var index = 0; index + 1 < cuts.length; index++) {
      var slice = document.createElement("div");
      slice.className = "figure-slice";
      slice.style.cssText = "overflow: hidden; height: "
        + (cuts[index + 1] - cuts[index]) * scale + "px";
      var part = image.cloneNode(false);
      part.style.cssText = "max-height: none; max-width: none; height: auto; width: " + width
        + "px; margin-top: " + (-cuts[index] * scale) + "px";
      if (index > 0) part.alt = "";
      slice.appendChild(part);
      slices.push(slice);
    }
    image.replaceWith.apply(image, slices);
  }

  // Columns a table marks for the notebook and handout only (cells of class slide-omit, such
  // as the route table's long doses and sources) leave the slide, header and all.
  function omitColumns(table) {
    var first = table.querySelector("tbody tr");
    if (!first || !first.querySelector(".slide-omit")) return;
    var omitted = Array.from(first.children).map(function (cell) {
      return cell.classList.contains("slide-omit");
    });
    table.querySelectorAll("tr").forEach(function (row) {
      Array.from(row.children).forEach(function (cell, index) {
        if (omitted[index]) cell.style.display = "none";
      });
    });
  }

  reveal.classList.add("paginating");
  reveal.style.setProperty("--slide-width", slideWidth + "px");
  // On paper nothing can be unfolded: a printed deck shows every folded table of numbers.
  if (/print-pdf/.test(location.search)) {
    document.querySelectorAll(".reveal details").forEach(function (fold) { fold.open = true; });
  }
  return whenLaidOut().then(function () {
    document.querySelectorAll(".reveal .slides table").forEach(omitColumns);
    document.querySelectorAll(".reveal .slides table").forEach(fitWidth);
    document.querySelectorAll(".reveal .slides img").forEach(sliceTall);
    // A sub-slide the notebook starts without a heading says which slide it continues, as
    // the pages cut below do.
    document.querySelectorAll(".reveal .slides > section").forEach(function (stack) {
      var title = stack.querySelector(":scope > section:first-child :is(h1, h2, h3)");
      stack.querySelectorAll(":scope > section:not(:first-child)").forEach(function (page) {
        if (title && !page.querySelector("h1, h2, h3")) page.prepend(continuedLabel(title));
      });
    });
    // Each new page comes right after the page it was cut from, so walking the sub-slides in
    // order reaches it next. A page is checked again after each cut: a table with fewer
    // rows may lay its columns out anew and grow taller.
    var first = Array.from(
      document.querySelectorAll(".reveal .slides > section > section:first-child"));
    for (var page of first) {
      for (; page; page = page.nextElementSibling) {
        for (var guard = 0; guard < 50 && height(page) > limit; guard++) {
          var cut = cutPoint(page);
          if (!cut) break;
          split(page, cut);
        }
      }
    }
    reveal.classList.remove("paginating");
    reveal.style.removeProperty("--slide-width");
  });
}

// The fonts, the embedded figures and the typeset formulas, once in: their sizes decide the
// pages.
function whenLaidOut() {
  var images = Array.from(document.querySelectorAll(".reveal img"), function (image) {
    return image.decode().catch(function () {});
  });
  var formulas = new Promise(function (resolve) {
    if (window.MathJax && MathJax.Hub) MathJax.Hub.Queue(resolve); else resolve();
  });
  // Every declared font face, loaded on purpose: the browser would fetch some only when a
  // slide is first painted, after the measuring.
  var fonts = Array.from(document.fonts, function (face) {
    return face.load().catch(function () {});
  });
  return Promise.all([formulas].concat(fonts, images));
}
