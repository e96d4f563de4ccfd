"""One-compartment pharmacokinetics for teaching: how much drug is in the plasma, and when.

The model treats the body as one well-mixed volume V that the drug leaves with clearance
CL, so the elimination rate constant is k = CL / V. A dose enters in one of two ways:

* zero order: an intravenous infusion delivers the dose at a constant rate for T hours;
* first order: a fraction F of the dose (the bioavailability) is absorbed at a rate
  proportional to what is still waiting at the absorption site (rate constant ka), as after
  a nasal spray, an injection into a muscle or a tablet under the tongue.

Closed forms give the peak (Cmax), its time (Tmax) and the exposure (AUC), so readouts are
exact rather than read off a time grid. The model leaves out the fast distribution phase,
the metabolites and the variation between people; notebook 04 shows where that matters.

Units: time in hours, dose in mg, clearance in L/h, volume in L, concentration in ng/mL
(1 mg/L = 1000 ng/mL), AUC in ng·h/mL. An invalid argument raises one ValueError that
names the argument and the allowed range.

The second half of the module assembles the model's parameters from data/routes.csv and
data/pk_parameters.csv (the rows marked ``in_simulator``), with their sources.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd

from .data import labels, load, table_error
from .formats import source_keys, value_range

NG_PER_ML_PER_MG_PER_L = 1000.0


# --- input checks ----------------------------------------------------------------------

def _number(name: str, value, *, above: float = 0.0, at_most: float | None = None) -> float:
    """``value`` as a float in (above, at_most], or a ValueError naming ``name`` and the range."""
    allowed = (f"greater than {above:g}" if at_most is None
               else f"greater than {above:g} and at most {at_most:g}")
    if isinstance(value, bool):  # float(True) == 1.0 would hide a mistake
        raise ValueError(f"{name} must be a number {allowed}; got {value!r}.")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number {allowed}; got {value!r}.") from None
    if not math.isfinite(number) or number <= above or (at_most is not None and number > at_most):
        raise ValueError(f"{name} must be a number {allowed}; got {value!r}.")
    return number


def _times(t_h) -> np.ndarray:
    """Times in hours as a float array: finite, and 0 (the moment of dosing) or later."""
    try:
        times = np.asarray(t_h, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"t_h must hold times in hours, 0 or later; got {t_h!r}.") from None
    if not np.all(np.isfinite(times)) or np.any(times < 0):
        raise ValueError(f"t_h must hold finite times in hours, 0 or later; got {t_h!r}.")
    return times


def _fraction(name: str, value) -> float:
    return _number(name, value, above=0.0, at_most=1.0)


# --- the model ---------------------------------------------------------------------------

def elimination_rate(clearance_l_per_h, volume_l) -> float:
    """k = CL / V, per hour."""
    return _number("clearance_l_per_h", clearance_l_per_h) / _number("volume_l", volume_l)


def _difference_of_exponentials(t: np.ndarray, rate_a: float, rate_b: float) -> np.ndarray:
    """(exp(-a t) - exp(-b t)) / (b - a), exact also when a and b are close or equal.

    The expression is symmetric in a and b, so it is written with the slower rate outside
    and expm1 inside: no cancellation, no overflow, and the limit t·exp(-a t) when a = b.
    """
    slow, fast = min(rate_a, rate_b), max(rate_a, rate_b)
    gap = fast - slow
    if gap == 0:
        return t * np.exp(-slow * t)
    return np.exp(-slow * t) * -np.expm1(-gap * t) / gap


def first_order_concentration(t_h, dose_mg, bioavailability, ka_per_h, clearance_l_per_h,
                              volume_l):
    """Plasma concentration (ng/mL) after one dose absorbed with first-order rate ka.

    C(t) = F·D·ka / (V·(ka - k)) · (exp(-k·t) - exp(-ka·t)),  with k = CL / V.
    """
    t = _times(t_h)
    dose = _number("dose_mg", dose_mg)
    fraction = _fraction("bioavailability", bioavailability)
    ka = _number("ka_per_h", ka_per_h)
    volume = _number("volume_l", volume_l)
    k = elimination_rate(clearance_l_per_h, volume)
    amount_mg = fraction * dose * ka * _difference_of_exponentials(t, k, ka)
    return NG_PER_ML_PER_MG_PER_L * amount_mg / volume


def infusion_concentration(t_h, dose_mg, duration_h, clearance_l_per_h, volume_l):
    """Plasma concentration (ng/mL) during and after a constant-rate infusion of ``duration_h``.

    During the infusion C rises as R/CL·(1 - exp(-k·t)), with rate R = D / T; afterwards it
    falls from its value at T as exp(-k·(t - T)).
    """
    t = _times(t_h)
    dose = _number("dose_mg", dose_mg)
    duration = _number("duration_h", duration_h)
    clearance = _number("clearance_l_per_h", clearance_l_per_h)
    k = elimination_rate(clearance, volume_l)
    rising = -np.expm1(-k * np.minimum(t, duration))
    falling = np.exp(-k * np.maximum(t - duration, 0.0))
    return NG_PER_ML_PER_MG_PER_L * (dose / duration) / clearance * rising * falling


def bolus_concentration(t_h, dose_mg, clearance_l_per_h, volume_l):
    """Plasma concentration (ng/mL) after the whole dose enters the volume at once."""
    t = _times(t_h)
    dose = _number("dose_mg", dose_mg)
    volume = _number("volume_l", volume_l)
    k = elimination_rate(clearance_l_per_h, volume)
    return NG_PER_ML_PER_MG_PER_L * dose / volume * np.exp(-k * t)


def first_order_tmax(ka_per_h, k_per_h) -> float:
    """Time of the peak (h) after first-order absorption: ln(ka/k) / (ka - k); 1/k if ka = k."""
    ka = _number("ka_per_h", ka_per_h)
    k = _number("k_per_h", k_per_h)
    if ka == k:
        return 1.0 / k
    return math.log1p((ka - k) / k) / (ka - k)


def first_order_cmax(dose_mg, bioavailability, ka_per_h, clearance_l_per_h, volume_l) -> float:
    """Peak concentration (ng/mL) after first-order absorption: F·D/V · exp(-k·Tmax).

    At Tmax absorption and elimination rates balance (ka·exp(-ka·t) = k·exp(-k·t)), which
    turns the concentration formula into this short form.
    """
    dose = _number("dose_mg", dose_mg)
    fraction = _fraction("bioavailability", bioavailability)
    volume = _number("volume_l", volume_l)
    k = elimination_rate(clearance_l_per_h, volume)
    return NG_PER_ML_PER_MG_PER_L * fraction * dose / volume * math.exp(
        -k * first_order_tmax(ka_per_h, k))


def infusion_cmax(dose_mg, duration_h, clearance_l_per_h, volume_l) -> float:
    """Peak concentration (ng/mL) of an infusion: reached at its end, t = T."""
    duration = _number("duration_h", duration_h)
    return float(infusion_concentration(duration, dose_mg, duration, clearance_l_per_h,
                                        volume_l))


def auc(dose_mg, bioavailability, clearance_l_per_h) -> float:
    """Area under the concentration curve from 0 to infinity (ng·h/mL): F·D / CL.

    It does not depend on how fast the drug is absorbed, nor on the volume.
    """
    return NG_PER_ML_PER_MG_PER_L * (_fraction("bioavailability", bioavailability)
                                     * _number("dose_mg", dose_mg)
                                     / _number("clearance_l_per_h", clearance_l_per_h))


def dose_for_same_auc(reference_dose, reference_bioavailability, bioavailability) -> float:
    """The dose by a route with ``bioavailability`` that gives the reference dose's AUC.

    Same clearance, so equal F·D: D = D_ref · F_ref / F (in the reference dose's unit).
    """
    return (_number("reference_dose", reference_dose)
            * _fraction("reference_bioavailability", reference_bioavailability)
            / _fraction("bioavailability", bioavailability))


def absorption_rate_from_tmax(tmax_h, k_per_h) -> float:
    """The ka (per hour) whose first-order curve peaks at ``tmax_h``, for elimination rate k.

    Solves ln(x) / (x - 1) = k·Tmax for x = ka / k by bisection. The left side falls from 1
    to 0 as x grows past 1, so a peak earlier than 1/k has exactly one solution, with
    absorption faster than elimination; a later peak has none with ka > k.
    """
    tmax = _number("tmax_h", tmax_h)
    k = _number("k_per_h", k_per_h)
    target = k * tmax
    if target >= 1.0:
        raise ValueError(f"tmax_h must be shorter than 1/k = {1 / k:.3g} h for absorption "
                         f"faster than elimination; got {tmax_h!r}.")

    def peak_time_ratio(log_x):  # ln(x)/(x - 1) written with u = ln x: u / (e^u - 1)
        return log_x / math.expm1(log_x)

    low, high = 0.0, 1.0
    while peak_time_ratio(high) > target:
        low, high = high, high * 2
    for _ in range(200):
        middle = (low + high) / 2
        if middle in (low, high):
            break
        low, high = (middle, high) if peak_time_ratio(middle) > target else (low, middle)
    return k * math.exp((low + high) / 2)


class Amounts(NamedTuple):
    """Where the dose is at each time (mg); the four parts add up to the dose."""

    not_absorbed: np.ndarray        # (1 - F)·D: never reaches the circulation
    at_absorption_site: np.ndarray  # F·D·exp(-ka·t): absorbed later
    in_body: np.ndarray             # C·V
    eliminated: np.ndarray          # CL times the area under C from 0 to t


def first_order_amounts(t_h, dose_mg, bioavailability, ka_per_h, clearance_l_per_h,
                        volume_l) -> Amounts:
    """The dose split into not absorbed, waiting, in the body and eliminated, at each time.

    Each part has its own closed form; none is computed as the dose minus the others, so
    that their sum equalling the dose is a real check of the model.
    """
    t = _times(t_h)
    dose = _number("dose_mg", dose_mg)
    fraction = _fraction("bioavailability", bioavailability)
    ka = _number("ka_per_h", ka_per_h)
    volume = _number("volume_l", volume_l)
    k = elimination_rate(clearance_l_per_h, volume)
    concentration = first_order_concentration(t, dose, fraction, ka, clearance_l_per_h, volume)
    if ka == k:
        eliminated_share = -np.expm1(-k * t) - k * t * np.exp(-k * t)
    else:  # integral of CL·C from 0 to t, divided by F·D
        eliminated_share = (ka * -np.expm1(-k * t) - k * -np.expm1(-ka * t)) / (ka - k)
    return Amounts(
        not_absorbed=np.full_like(t, (1 - fraction) * dose),
        at_absorption_site=fraction * dose * np.exp(-ka * t),
        in_body=concentration * volume / NG_PER_ML_PER_MG_PER_L,
        eliminated=fraction * dose * eliminated_share,
    )


# --- parameters from data/ ---------------------------------------------------------------

PK_TABLE = "pk_parameters"
ROUTES_TABLE = "routes"
# The intravenous route is modelled as a zero-order infusion; every other route as
# first-order absorption with ka derived from its sourced time to peak.
INFUSION_ROUTE = "iv"
DISPOSITION_UNITS = {"clearance": "L/h", "volume_of_distribution": "L"}
BANDS = "plasma_band"  # vocabulary of data/labels.csv: the bands and their short names


def _sources(cells) -> tuple[str, ...]:
    keys: list[str] = []
    for cell in cells:
        keys += [key for key in str(cell).split(";") if key not in keys]
    return tuple(keys)


@dataclass(frozen=True)
class Disposition:
    """Clearance and volume of one product, as the simulator uses them."""

    product: str
    clearance_l_per_h: float
    volume_l: float
    clearance_reference_kg: float | None  # None: not scaled by body weight
    volume_reference_kg: float | None
    sources: tuple[str, ...]

    def scaled(self, weight_kg) -> tuple[float, float]:
        """(clearance, volume) for a person of ``weight_kg``, scaled where the data say so."""
        weight = _number("weight_kg", weight_kg)

        def scale(value, reference):
            return value if reference is None else value * weight / reference

        return (scale(self.clearance_l_per_h, self.clearance_reference_kg),
                scale(self.volume_l, self.volume_reference_kg))

    def half_life_h(self, weight_kg=70) -> float:
        """ln 2 / k: the model's only half-life, a compromise between the real phases."""
        return math.log(2) / elimination_rate(*self.scaled(weight_kg))


def dispositions(table: pd.DataFrame | None = None, data_dir=None) -> dict[str, Disposition]:
    """Clearance and volume per product from the pk_parameters rows marked in_simulator.

    Each product needs exactly one such row for clearance (L/h) and one for volume (L), each
    with a single value; otherwise a DataError names the line, column and rule.
    """
    table = load(PK_TABLE, data_dir) if table is None else table
    chosen = table[(table["in_simulator"] == "yes")
                   & table["parameter"].isin(list(DISPOSITION_UNITS))]
    found: dict[str, dict[str, tuple[float, float | None, str]]] = {}
    for index, row in chosen.iterrows():
        parameter, product = row["parameter"], row["product"]
        if row["unit"] != DISPOSITION_UNITS[parameter]:
            raise table_error(PK_TABLE, f"{row['unit']!r} for {parameter}",
                              f"the simulator needs {parameter} in {DISPOSITION_UNITS[parameter]}",
                              line=index + 2, column="unit", data_dir=data_dir)
        if row["value_low"] != row["value_high"]:
            raise table_error(PK_TABLE, f"a range ({row['value_low']:g} to {row['value_high']:g})",
                              "one value (value_low = value_high) for a row the simulator uses",
                              line=index + 2, column="value_low", data_dir=data_dir)
        if parameter in found.get(product, {}):
            raise table_error(PK_TABLE, f"a second {parameter} row for {product} is marked yes",
                              "one in_simulator row per product and parameter",
                              line=index + 2, column="in_simulator", data_dir=data_dir)
        reference = row["reference_weight_kg"]
        found.setdefault(product, {})[parameter] = (
            float(row["value_low"]), None if pd.isna(reference) else float(reference),
            row["sources"])
    result = {}
    for product, values in found.items():
        missing = [name for name in DISPOSITION_UNITS if name not in values]
        if missing:
            raise table_error(PK_TABLE, f"{product} has no {missing[0]} row marked yes",
                              "clearance and volume_of_distribution for every simulated product",
                              column="in_simulator", data_dir=data_dir)
        (clearance, clearance_ref, clearance_src), (volume, volume_ref, volume_src) = (
            values["clearance"], values["volume_of_distribution"])
        result[product] = Disposition(product, clearance, volume, clearance_ref, volume_ref,
                                      _sources([clearance_src, volume_src]))
    return result


@dataclass(frozen=True)
class Band:
    """A range of plasma concentrations reported for one kind of exposure."""

    parameter: str
    label: str
    low_ng_per_ml: float
    high_ng_per_ml: float
    sources: tuple[str, ...]


def exposure_bands(table: pd.DataFrame | None = None, data_dir=None) -> list[Band]:
    """The antidepressant-dose and anaesthetic-dose bands: lowest to highest value reported."""
    table = load(PK_TABLE, data_dir) if table is None else table
    bands = []
    for parameter, label in labels(BANDS, "short_label", data_dir).items():
        rows = table[(table["parameter"] == parameter) & (table["in_simulator"] == "yes")]
        if rows.empty:
            continue
        bands.append(Band(parameter, label, float(rows["value_low"].min()),
                          float(rows["value_high"].max()), _sources(rows["sources"])))
    return bands


class Readout(NamedTuple):
    """(lowest, highest) across the two ends of the sourced ranges."""

    cmax_ng_per_ml: tuple[float, float]
    tmax_h: tuple[float, float]
    auc_ng_h_per_ml: tuple[float, float]


def _lowest_highest(values) -> tuple[float, float]:
    return (min(values), max(values))


@dataclass(frozen=True)
class RouteModel:
    """One route as the simulator models it: input type, bioavailability, absorption, disposition.

    Ranges stay ranges: the model runs twice, once at the low end of the sourced ranges (lowest
    bioavailability, latest peak) and once at the high end (highest, earliest).
    """

    route_id: str
    name: str
    product: str
    bioavailability: tuple[float, float]  # fractions, low and high
    tmax_h: tuple[float, float] | None    # None for the infusion
    label_doses_mg: tuple[float, ...]     # empty: dosed by body weight
    disposition: Disposition
    sources: tuple[str, ...]

    @property
    def is_infusion(self) -> bool:
        return self.tmax_h is None

    def dose_mg(self, racemic_mg_per_kg, weight_kg, label_dose_mg) -> float:
        """The dose in mg: the chosen label dose for a product dosed by the label, else the
        racemic mg/kg times body weight."""
        if self.label_doses_mg:
            return float(label_dose_mg)
        return float(racemic_mg_per_kg) * float(weight_kg)

    def absorption_rates(self) -> tuple[float, float]:
        """ka (per hour) for the latest and the earliest sourced time to peak."""
        if self.tmax_h is None:
            raise ValueError(f"{self.name} is an infusion: it has no absorption rate.")
        k = elimination_rate(self.disposition.clearance_l_per_h, self.disposition.volume_l)
        return (absorption_rate_from_tmax(self.tmax_h[1], k),
                absorption_rate_from_tmax(self.tmax_h[0], k))

    def curves(self, t_h, dose_mg, weight_kg, infusion_h) -> tuple[np.ndarray, np.ndarray]:
        """Concentrations (ng/mL) at the low and the high end of the sourced ranges."""
        clearance, volume = self.disposition.scaled(weight_kg)
        if self.is_infusion:
            curve = infusion_concentration(t_h, dose_mg, infusion_h, clearance, volume)
            return curve, curve
        slow, fast = self.absorption_rates()
        low_f, high_f = self.bioavailability
        return (first_order_concentration(t_h, dose_mg, low_f, slow, clearance, volume),
                first_order_concentration(t_h, dose_mg, high_f, fast, clearance, volume))

    def readout(self, dose_mg, weight_kg, infusion_h) -> Readout:
        """Cmax, Tmax and AUC from the closed forms, as (lowest, highest)."""
        clearance, volume = self.disposition.scaled(weight_kg)
        if self.is_infusion:
            peak = infusion_cmax(dose_mg, infusion_h, clearance, volume)
            exposure = auc(dose_mg, 1.0, clearance)
            return Readout((peak, peak), (float(infusion_h),) * 2, (exposure, exposure))
        k = clearance / volume
        ends = list(zip(self.bioavailability, self.absorption_rates(), strict=True))
        return Readout(
            _lowest_highest([first_order_cmax(dose_mg, f, ka, clearance, volume)
                             for f, ka in ends]),
            _lowest_highest([first_order_tmax(ka, k) for _, ka in ends]),
            _lowest_highest([auc(dose_mg, f, clearance) for f, _ in ends]),
        )


def route_name(row) -> str:
    """'Intranasal (nasal spray device), esketamine': route and product, as in routes.csv."""
    return f"{row['route']}, {row['product']}"


def route_models(routes: pd.DataFrame | None = None, pk_table: pd.DataFrame | None = None,
                 data_dir=None) -> list[RouteModel]:
    """Every route that can be simulated: a sourced bioavailability and time to peak (or IV)."""
    routes = load(ROUTES_TABLE, data_dir) if routes is None else routes
    disposition_of = dispositions(pk_table, data_dir)
    models = []
    for index, row in routes.iterrows():
        product = row["product"].replace(" ", "_")
        is_infusion = row["route_id"] == INFUSION_ROUTE
        if not is_infusion and (pd.isna(row["tmax_min_low"]) or pd.isna(row["tmax_min_high"])):
            continue
        if product not in disposition_of:
            raise table_error(ROUTES_TABLE,
                              f"no clearance and volume in {PK_TABLE}.csv for {product}",
                              "every simulated product has in_simulator rows",
                              line=index + 2, column="product", data_dir=data_dir)
        doses = row["label_doses_mg"]
        models.append(RouteModel(
            route_id=row["route_id"],
            name=route_name(row),
            product=product,
            bioavailability=(float(row["bioavailability_pct_low"]) / 100,
                             float(row["bioavailability_pct_high"]) / 100),
            tmax_h=None if is_infusion else (float(row["tmax_min_low"]) / 60,
                                             float(row["tmax_min_high"]) / 60),
            label_doses_mg=() if pd.isna(doses) else tuple(float(d) for d in doses.split(";")),
            disposition=disposition_of[product],
            sources=_sources([row["sources"], *disposition_of[product].sources]),
        ))
    return models


def unsimulated_routes(routes: pd.DataFrame | None = None, data_dir=None) -> list[str]:
    """Names of the routes left out of the simulator: no time to peak in the sources."""
    routes = load(ROUTES_TABLE, data_dir) if routes is None else routes
    simulated = {model.route_id for model in route_models(routes, data_dir=data_dir)}
    return [route_name(row) for _, row in routes.iterrows() if row["route_id"] not in simulated]


CHECKS_TABLE = "model_checks"


def _check_doses(row, line: int, data_dir=None) -> tuple[tuple[float, float], str]:
    """A check's dose as (low, high) in mg, and in words as the source gives it."""
    if pd.notna(row["dose_mg_low"]) and pd.notna(row["dose_mg_high"]):
        low, high = float(row["dose_mg_low"]), float(row["dose_mg_high"])
        return (low, high), value_range(low, high, "mg")
    if pd.notna(row["dose_mg_per_kg_low"]) and pd.notna(row["dose_mg_per_kg_high"]):
        weight = float(row["weight_kg"])
        low, high = float(row["dose_mg_per_kg_low"]), float(row["dose_mg_per_kg_high"])
        return (low * weight, high * weight), value_range(low, high, "mg/kg")
    raise table_error(CHECKS_TABLE, f"check {row['check_id']!r} has no dose",
                      "a dose in mg (low and high) or in mg/kg (low and high)", line=line,
                      column="dose_mg_low", data_dir=data_dir)


def observation_comparison(table: pd.DataFrame | None = None, checks: pd.DataFrame | None = None,
                           data_dir=None) -> pd.DataFrame:
    """The racemic model beside published measurements, at the doses of data/model_checks.csv.

    Each check names a pk_parameters.csv parameter measured at a dose; the model's exposure
    (AUC, with the range across the 95% CI of clearance) or peak is computed at that dose
    for the check's adult, by bolus or by infusion over the check's minutes.
    """
    table = load(PK_TABLE, data_dir) if table is None else table
    checks = load(CHECKS_TABLE, data_dir) if checks is None else checks
    racemic_rows = table[table["product"] == "racemic_ketamine"]
    simulated = racemic_rows[racemic_rows["in_simulator"] == "yes"].set_index("parameter")
    ci_low, ci_high = (simulated.loc["clearance", name] for name in ("ci95_low", "ci95_high"))
    racemic = dispositions(table, data_dir)["racemic_ketamine"]

    def whole(value):
        return f"{value:.0f}"

    rows = []
    for index, check in checks.iterrows():
        (low_mg, high_mg), dose = _check_doses(check, index + 2, data_dir)
        clearance, volume = racemic.scaled(float(check["weight_kg"]))
        minutes = float(check["duration_min"])
        measured = racemic_rows[racemic_rows["parameter"] == check["parameter"]]
        single = measured[measured["value_low"] == measured["value_high"]]
        shown = value_range(measured["value_low"].min(), measured["value_high"].max())
        if len(measured) > 1 and len(single) == 1:
            shown += f" (mean {single['value_low'].iloc[0]:g})"
        if check["exposure"] == "auc":
            what = "exposure (AUC, ng·h/mL)"
            model = (f"{auc(low_mg, 1.0, clearance):.0f} ({auc(low_mg, 1.0, ci_high):.0f} to "
                     f"{auc(high_mg, 1.0, ci_low):.0f} across the 95% CI of CL)")
        elif minutes == 0:
            what = "peak (ng/mL)"
            model = value_range(*(float(bolus_concentration(0, mg, clearance, volume))
                                  for mg in (low_mg, high_mg)), number=whole)
            model += " (whole dose at once)"
        else:
            what = "peak (ng/mL)"
            model = value_range(*(infusion_cmax(mg, minutes / 60, clearance, volume)
                                  for mg in (low_mg, high_mg)), number=whole)
        given = f"{dose} IV" + (f" over {minutes:g} min" if minutes else "")
        setting = f"{check['setting']}: " if pd.notna(check["setting"]) else ""
        rows.append({"Situation": f"{setting}{given}, {what}", "Measured": shown,
                     "One-compartment model": model})
    return pd.DataFrame(rows)


def parameter_table(models: list[RouteModel] | None = None, weight_kg=70) -> pd.DataFrame:
    """The simulator's parameters per route, for a person of ``weight_kg``, with sources."""
    models = route_models() if models is None else models
    rows = []
    for model in models:
        clearance, volume = model.disposition.scaled(weight_kg)
        low_f, high_f = model.bioavailability
        if model.is_infusion:
            tmax, ka = "end of infusion", "(zero-order input)"
        else:
            tmax = value_range(model.tmax_h[0] * 60, model.tmax_h[1] * 60)
            ka = "–".join(f"{rate:.2g}" for rate in model.absorption_rates())
        rows.append({
            "Route": model.name,
            "F (%)": value_range(low_f * 100, high_f * 100),
            "Time to peak (min)": tmax,
            "ka (per h), derived": ka,
            "CL (L/h)": round(clearance, 1),
            "V (L)": round(volume, 1),
            "Model half-life (h)": round(model.disposition.half_life_h(weight_kg), 2),
            "Sources": source_keys(model.sources),
        })
    return pd.DataFrame(rows)


CONTROLS_TABLE = "simulator_controls"


def simulator_controls(data_dir=None) -> dict[str, dict[str, float]]:
    """The simulator's sliders from data/simulator_controls.csv: control -> min, max, step
    and value (the starting value), checked to lie in order (min <= value <= max)."""
    table = load(CONTROLS_TABLE, data_dir)
    controls = {}
    for index, row in table.iterrows():
        for low, high in (("minimum", "default"), ("default", "maximum")):
            if row[low] > row[high]:
                raise table_error(CONTROLS_TABLE, f"{low} = {row[low]:g} is above "
                                  f"{high} = {row[high]:g}", "minimum <= default <= maximum",
                                  line=index + 2, column=high, data_dir=data_dir)
        controls[row["control"]] = {"min": float(row["minimum"]), "max": float(row["maximum"]),
                                    "step": float(row["step"]), "value": float(row["default"])}
    return controls
