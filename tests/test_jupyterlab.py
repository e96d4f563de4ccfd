"""The whole course in real JupyterLab, in real (headless) Chromium.

For every notebook: open it (in one JupyterLab page, as a learner moves from notebook to
notebook; each is closed and its kernel shut down before the next), Run All, and check what
a learner would see: no error output, a live kernel, every widget rendered, every control
reached with Tab, its focus visible, and changed with the keyboard alone (arrow keys, Space,
Enter) redrawing its figure or panel, alt text on every image, one heading hierarchy, no
axe-core (WCAG 2 A/AA) violation in what the course produces, and, in JupyterLab's dark
theme, no contrast failure in it. Screenshots go to build/screenshots/
(ignored by git). The jupyterlab-rise slideshow is opened once.
"""

from __future__ import annotations

import json
from contextlib import contextmanager

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from conftest import NOTEBOOKS, ROOT, stored_image
from jupyterlab_server import (
    CELL_OUTPUTS,
    KERNEL_STATUS,
    close_notebook,
    jupyterlab,
    load_lab,
    open_notebook,
    run_all,
)

pytestmark = pytest.mark.slow
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
AXE = ROOT / "lecturer" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Markup the course does not write: ipywidgets' slider handles (noUiSlider) and the icon
# buttons of its Play widget carry no accessible name of their own. Listed in the failure
# message, never a failure.
UPSTREAM = ("noUi-", '<i class="fa fa-')
SCREENSHOTS = ROOT / "build" / "screenshots"

# What a control's output shows: its images and its HTML widgets' text (not the
# control's own readout, which changes at once in the browser). A redraw changes it.
VIEW_OF = """control => {
  const output = control.closest('.jp-OutputArea-output');
  const images = Array.from(output.querySelectorAll('img')).map(img => img.src).join('|');
  const texts = Array.from(output.querySelectorAll('.widget-html-content'))
    .map(node => node.innerText).join('|');
  return images + '#' + texts;
}"""


@pytest.fixture(scope="module")
def lab_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("jupyterlab")


@pytest.fixture(scope="module")
def lab(lab_dir):
    with jupyterlab(lab_dir) as server:
        yield server


@pytest.fixture(scope="module")
def lab_page(lab, chromium):
    """One JupyterLab page for the whole module: each test opens its notebook in it and
    closes it again (shutting its kernel down), as a learner moves from tab to tab."""
    base, token = lab
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    load_lab(page, base, token, workspace="test")
    yield page
    page.close()


@contextmanager
def opened(page, name: str):
    """``name`` open in ``page`` for the block; closed after it, whatever happened."""
    open_notebook(page, name)
    try:
        yield page
    finally:
        close_notebook(page)


def change_and_wait(page, control, act) -> None:
    """Perform ``act`` on ``control`` and wait until its output's view changes."""
    before = control.evaluate(VIEW_OF)
    act()
    page.wait_for_function(f"([control, before]) => ({VIEW_OF})(control) !== before",
                           arg=[control.element_handle(), before], timeout=10_000)


# The controls a learner operates, by kind: what finds them in the outputs, the key that
# changes them, and the key that changes them back from the end of their range. The Play
# button goes last: once playing, it keeps redrawing its output.
KEYBOARD = [
    ("slider", ".noUi-handle", "ArrowRight", "ArrowLeft"),
    ("dropdown", ".widget-dropdown select", "ArrowDown", "ArrowUp"),
    ("checkbox", ".widget-checkbox input", "Space", "Space"),
    ("toggle", ".widget-toggle-buttons:not(:has(.widget-toggle-buttons))", "Enter", "Enter"),
    ("choice", ".widget-radio-box", "ArrowDown", "ArrowUp"),
    ("button", "button.widget-button", "Enter", "Enter"),
    ("play", ".widget-play button:first-child", "Enter", "Enter"),
]
# Whether the control is at the end of its range (so the other key changes it).
AT_END = """control => control.matches('.noUi-handle')
  ? control.getAttribute('aria-valuenow') === control.getAttribute('aria-valuemax')
  : control.tagName === 'SELECT' ? control.selectedIndex === control.options.length - 1
  : control.matches('.widget-radio-box')
    ? [...control.querySelectorAll('input')].at(-1).checked : false"""
# How the control looks (a focus indicator changes one of these) and its own value.
LOOK = """control => {
  const style = getComputedStyle(control);
  return [style.outlineStyle, style.outlineWidth, style.outlineColor, style.boxShadow,
          style.borderColor, style.backgroundColor].join(' ');
}"""
CHOSEN = "box => [...box.querySelectorAll('input')].findIndex(input => input.checked)"
ACTIVE_CELL = "window.jupyterapp.shell.currentWidget.content.activeCellIndex"
HAS_FOCUS = "control => control.contains(document.activeElement)"  # itself included


def tab_to(page, control, presses: int = 40) -> bool:
    """Start at the box of widgets around the control (a question, an explorer's controls)
    and press Tab until the control has the focus."""
    control.evaluate("control => { const start = control.parentElement.closest("
                     "'.widget-box, .jp-OutputArea-output'); start.tabIndex = -1;"
                     " start.focus(); }")
    for _ in range(presses):
        page.keyboard.press("Tab")
        if control.evaluate(HAS_FOCUS):
            return True
    return False


def operate_by_keyboard(page) -> tuple[dict, list]:
    """Tab to every control in the outputs, see its focus, and change it with its key; each
    redraws its output (a choice among radio buttons changes its answer). JupyterLab's own
    ArrowUp/ArrowDown (next cell) would take those keys from a dropdown or a quiz's choices
    without the course's settings (deploy/overrides.json). Returns ({kind: count}, problems)."""
    counts, problems = {}, []
    for kind, selector, key, back in KEYBOARD:
        controls = page.locator(f".jp-OutputArea-output .jupyter-widgets {selector}")
        for index in range(controls.count()):
            control = controls.nth(index)
            if kind == "toggle":  # a group: press a button not already chosen (marked, as
                # the choice moves once pressed)
                control.evaluate(f"group => group.querySelector('button:not(.mod-active)')"
                                 f".dataset.keyboardTest = 'toggle-{index}'")
                control = page.locator(f"[data-keyboard-test='toggle-{index}']")
            if not control.is_visible() or not control.evaluate("c => !c.disabled"):
                continue
            name = f"{kind} {index + 1}"
            unfocused = control.evaluate(LOOK)
            if not tab_to(page, control):
                problems.append(f"{name}: Tab never reaches it")
                continue
            focused = page.evaluate(f"({LOOK})(document.activeElement)")
            if focused == unfocused:
                problems.append(f"{name}: no visible focus")
            press = back if control.evaluate(AT_END) else key
            try:
                if kind == "choice":
                    before = control.evaluate(CHOSEN)
                    page.keyboard.press(press)
                    page.wait_for_function(f"([box, before]) => ({CHOSEN})(box) !== before",
                                           arg=[control.element_handle(), before],
                                           timeout=10_000)
                else:
                    change_and_wait(page, control,
                                    lambda press=press: page.keyboard.press(press))
            except PlaywrightTimeout:
                problems.append(f"{name}: {press} changed nothing")
                continue
            counts[kind] = counts.get(kind, 0) + 1
    # Outside the widgets the arrow keys still move between cells (deploy/overrides.json
    # only narrows JupyterLab's shortcut to leave the widgets their keys).
    page.locator(".jp-Notebook .jp-Cell").first.click()
    page.keyboard.press("Escape")
    page.keyboard.press("ArrowDown")
    if page.evaluate(ACTIVE_CELL) != 1:
        problems.append("ArrowDown no longer moves to the next cell")
    return counts, problems


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_notebook_runs_in_jupyterlab(lab_page, notebook):
    with opened(lab_page, notebook.name) as page:
        run_all(page)
        outputs = [output for cell in page.evaluate(CELL_OUTPUTS) for output in cell]
        errors = [f"{output['ename']}: {output['evalue']}" for output in outputs
                  if output["output_type"] == "error"]
        assert errors == []
        stderr = page.locator(
            '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
        assert stderr.count() == 0, stderr.first.inner_text()
        assert page.evaluate(KERNEL_STATUS) == "idle"

        expected_widgets = sum(WIDGET_MIME in output.get("data", {}) for output in outputs)
        rendered = page.locator(".jp-OutputArea-output > .jupyter-widgets")
        assert rendered.count() == expected_widgets
        assert "Error displaying widget" not in page.locator(".jp-Notebook").inner_text()

        operated, problems = operate_by_keyboard(page)
        assert problems == [], problems
        assert sum(operated.values()) >= expected_widgets, operated

        alts = page.evaluate(
            "Array.from(document.querySelectorAll('.jp-OutputArea img')).map(img => img.alt)")
        assert all(len(alt.split()) >= 5 for alt in alts), alts
        assert len(alts) >= sum(stored_image(output.get("data", {})) is not None
                                for output in outputs)

        headings = page.evaluate("Array.from(document.querySelectorAll("
                                 "'.jp-Notebook :is(h1, h2, h3, h4, h5, h6)'))"
                                 ".map(heading => Number(heading.tagName[1]))")
        assert headings.count(1) == 1 and headings[0] == 1, headings
        steps = zip(headings, headings[1:], strict=False)
        assert all(later <= earlier + 1 for earlier, later in steps), "a heading level skipped"

        page.add_script_tag(path=str(AXE))
        course, upstream = axe_outputs(page, WCAG_TAGS)
        assert course == [], f"{course}; upstream, not failing: {upstream}"

        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{notebook.stem}.png"), full_page=True)

        set_theme(page, "JupyterLab Dark")
        try:
            # The check can fail: grey text planted in an output, then taken out again.
            page.evaluate("document.querySelector('.jp-OutputArea-output').insertAdjacentHTML("
                          "'beforeend', '<p id=\"planted\" style=\"color:#333\">dim text</p>')")
            planted, _ = contrast_output_by_output(page)
            page.evaluate("document.getElementById('planted').remove()")
            assert [item[1] for item in planted] == ["dim text"], planted
            failing, checked = contrast_output_by_output(page)
            assert failing == [], f"dark theme: {failing}"
            assert checked >= 5, "the contrast check saw almost no text"
            page.screenshot(path=str(SCREENSHOTS / f"{notebook.stem}_dark.png"))
        finally:
            set_theme(page, "JupyterLab Light")


def set_theme(page, theme: str) -> None:
    light = "true" if "Light" in theme else "false"
    page.evaluate(f"window.jupyterapp.commands.execute('apputils:change-theme', "
                  f"{{theme: '{theme}'}})")
    page.wait_for_function(f"document.body.dataset.jpThemeLight === '{light}'", timeout=20_000)


# WCAG 2 contrast (1.4.3) of every piece of text in the outputs, against the first
# opaque background behind it. (axe-core's color-contrast rule skips text inside
# JupyterLab's notebook panel, so the ratio is computed here, with WCAG's formula.)
CONTRAST = """() => {
  const rgb = text => (text.match(/[\\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => [r, g, b].map(value => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }).reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  const background = element => {
    for (let node = element; node; node = node.parentElement) {
      const color = rgb(getComputedStyle(node).backgroundColor);
      if (color.length >= 3 && (color.length < 4 || color[3] > 0.5)) return color.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const failing = []; let checked = 0;
  for (const output of document.querySelectorAll('.jp-OutputArea-output')) {
    for (const element of output.querySelectorAll('*')) {
      const own = [...element.childNodes]
        .some(node => node.nodeType === 3 && node.textContent.trim());
      const style = getComputedStyle(element);
      if (!own || style.visibility === 'hidden' || style.display === 'none') continue;
      const [a, b] = [luminance(rgb(style.color)), luminance(background(element))];
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      const large = parseFloat(style.fontSize) >= 24 ||
        (parseFloat(style.fontSize) >= 18.66 && Number(style.fontWeight) >= 700);
      checked += 1;
      if (ratio < (large ? 3 : 4.5)) {
        failing.push([element.tagName, element.textContent.trim().slice(0, 40), ratio.toFixed(2)]);
      }
    }
  }
  return [failing, checked];
}"""


def contrast_output_by_output(page) -> tuple[list, int]:
    """Text of the course's outputs below WCAG AA contrast: (failures, text elements checked)."""
    failing, checked = page.evaluate(CONTRAST)
    return failing, checked


def axe_outputs(page, tags, rules=None) -> tuple[list, list]:
    """axe-core over the cells' outputs: (the course's violations, upstream ones)."""
    options = {"runOnly": {"type": "rule", "values": rules} if rules
               else {"type": "tag", "values": tags}}
    result = page.evaluate("async options => await axe.run({include: "
                           "[['.jp-OutputArea-output']]}, options)", options)
    course, upstream = [], []
    for violation in result["violations"]:
        for node in violation["nodes"]:
            found = (violation["id"], node["target"], node.get("failureSummary", "")[:200])
            ours = not any(marker in node["html"] or marker in str(node["target"])
                           for marker in UPSTREAM)
            (course if ours else upstream).append(found)
    return course, upstream


def test_jupyterlab_rise_presents_the_first_notebook(lab_page):
    notebook = NOTEBOOKS[0]
    slides = sum(cell["metadata"].get("slideshow", {}).get("slide_type") == "slide"
                 for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"])
    with opened(lab_page, notebook.name) as page:
        page.evaluate("window.jupyterapp.commands.execute('RISE:preview')")
        frame = page.frame_locator("iframe").first
        frame.locator(".reveal .slides > section").first.wait_for(timeout=60_000)
        assert frame.locator(".reveal .slides > section").count() == slides
        assert "Start here" in frame.locator(".reveal .slides > section").first.inner_text()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "rise_preview.png"))


def test_run_all_stops_waiting_at_the_first_error(lab_dir, lab_page):
    """A notebook that fails (say, because the package is not installed) is reported at its
    first error, not after the Run All timeout."""
    import nbformat

    broken = nbformat.v4.new_notebook(cells=[
        # The pause lets the second request reach the kernel before the error, so the kernel
        # aborts it even on a busy machine (it aborts only what is queued by then).
        nbformat.v4.new_code_cell("import time\ntime.sleep(1)\n"
                                  "raise ValueError('the first cell fails')"),
        nbformat.v4.new_code_cell("print('never reached')")],
        metadata=json.loads(NOTEBOOKS[0].read_text(encoding="utf-8"))["metadata"])
    nbformat.write(broken, lab_dir / "served" / "notebooks" / "zz_broken.ipynb")
    with opened(lab_page, "zz_broken.ipynb") as page:
        run_all(page, timeout_ms=60_000)  # far below the default; raises if it waits it out
        first, second = page.evaluate(CELL_OUTPUTS)
        assert [output["evalue"] for output in first] == ["the first cell fails"]
        assert second == []
