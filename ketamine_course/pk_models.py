"""Published pharmacokinetic models, virtual people and dosing schedules (notebook 04, part 2).

Each model in data/pk_models.csv is built as a set of compartments and solved exactly by
:mod:`ketamine_course.compartments`. Three structures cover the models in the data:

* ``one_compartment``: the teaching model of notebook 04's simulator (clearance and volume
  from the pk_parameters rows marked ``in_simulator``), now one case of the engine;
* ``two_compartment``: a central and a peripheral compartment, from the rate constants a
  paper reports (k10, k12, k21 and the central volume);
* ``hepatoportal_nasal``: the esketamine nasal-spray model of Perez-Ruixo et al. (2021). Part
  of each 28 mg device is absorbed through the nose into the blood; the rest is swallowed,
  arrives in the gut over a fixed time, and passes the liver (which removes much of it)
  before reaching the blood. Central, two peripheral and a liver compartment.

Every model gets two effect sites, the brain as it follows the plasma at the shortest and
the longest equilibration half-time published for its product (data/effect_site.csv). An
effect site holds ``V1·Ce`` so that its rates, like all others, do not depend on body size.

Virtual people are drawn from the spread each source reports (data/pk_model_variability.csv),
with a fixed seed: the same people on every run. Units: hours, mg, litres, ng/mL.
These are teaching models, never dosing tools.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import pandas as pd

from .compartments import Dose, LinearSystem
from .data import constant, labels, load, stamps, table_error
from .pk import NG_PER_ML_PER_MG_PER_L, dispositions

MODELS, PARAMETERS, VARIABILITY = "pk_models", "pk_model_parameters", "pk_model_variability"
EFFECT_SITE, REGIMENS, CHECKS = "effect_site", "pk_regimens", "pk_model_checks"
COVARIATES = "pk_model_covariates"
PEOPLE = 1000  # virtual people per simulation
SEED = 2026  # any fixed number: the same virtual people on every run
PERCENTILES = (5, 50, 95)
HOURS_PER_DAY = 24.0

# The compartments of each structure, in the order of the rate matrix; two effect sites
# (fast, slow) follow them in every model.
COMPARTMENTS = {
    "one_compartment": ("central",),
    "two_compartment": ("central", "peripheral"),
    "hepatoportal_nasal": ("central", "peripheral", "peripheral_2", "liver", "nasal", "gut"),
}
EFFECT_SITES = ("effect_fast", "effect_slow")
NEEDED = {
    "one_compartment": (),
    "two_compartment": ("central_volume", "elimination_rate", "transfer_rate_out",
                        "transfer_rate_back"),
    "hepatoportal_nasal": ("central_volume", "intercompartmental_clearance", "peripheral_volume",
                           "intercompartmental_clearance_2", "peripheral_volume_2",
                           "hepatic_blood_flow", "hepatic_volume", "hepatic_elimination_rate",
                           "metabolism_rate", "nasal_fraction", "later_device_factor",
                           "nasal_absorption_rate", "swallowed_duration",
                           "swallowed_absorption_rate", "gut_fraction"),
}
# What a two-compartment model's 'clearance' and 'volumes' rows of the variability table move.
GROUPS = {"clearance": ("clearance",), "volumes": ("central_volume", "peripheral_volume")}
PER_HOUR = {"1/h": 1.0, "1/min": 60.0, "h": 1.0, "L": 1.0, "L/kg": 1.0, "L/h": 1.0,
            "fraction": 1.0}


@dataclass(frozen=True)
class Spread:
    """How one parameter (or group) varies between people: log-normal CV or logit SD."""

    varies: str
    cv_pct: float | None
    logit_sd: float | None

    def draw(self, values: np.ndarray, noise: np.ndarray) -> np.ndarray:
        """``values`` moved by one standard-normal draw per person (the median stays)."""
        if self.logit_sd is not None:
            logit = np.log(values / (1 - values)) + self.logit_sd * noise
            return 1 / (1 + np.exp(-logit))
        return values * np.exp(math.sqrt(math.log1p((self.cv_pct / 100) ** 2)) * noise)


@dataclass(frozen=True)
class PublishedModel:
    """One row of pk_models.csv with its parameters (per hour, litres) and spreads."""

    model_id: str
    name: str
    product: str
    structure: str
    route: str
    population: str
    subjects: int | None
    age_range: tuple[float, float] | None
    weight_range_kg: tuple[float, float] | None
    variability: str
    notes: str
    sources: tuple[str, ...]
    parameters: dict[str, float] = field(repr=False)  # per kg when scales_with_weight
    scales_with_weight: bool = field(repr=False)
    spreads: tuple[Spread, ...] = field(repr=False)

    @property
    def compartments(self) -> tuple[str, ...]:
        return COMPARTMENTS[self.structure] + EFFECT_SITES

    def index(self, compartment: str) -> int:
        return self.compartments.index(compartment)

    def outside_population(self, weight_kg: float) -> str | None:
        """A sentence when ``weight_kg`` lies outside the fitted weights, else None."""
        if self.weight_range_kg is None:
            return None
        low, high = self.weight_range_kg
        if low <= weight_kg <= high:
            return None
        return (f"{weight_kg:g} kg is outside the weights this model was fitted in "
                f"({low:g} to {high:g} kg)")


def _range(row, low: str, high: str) -> tuple[float, float] | None:
    return None if pd.isna(row[low]) or pd.isna(row[high]) else (float(row[low]),
                                                                  float(row[high]))


def _directory(data_dir) -> str | None:
    return None if data_dir is None else str(data_dir)


MODEL_TABLES = (MODELS, PARAMETERS, VARIABILITY, "pk_parameters", EFFECT_SITE)


@lru_cache(maxsize=4)
def _published_models(data_dir, _stamps) -> dict[str, PublishedModel]:
    models = load(MODELS, data_dir)
    parameters = load(PARAMETERS, data_dir)
    spreads = load(VARIABILITY, data_dir)
    teaching = dispositions(data_dir=data_dir)
    result = {}
    for _, row in models.iterrows():
        model_id, structure = row["model_id"], row["structure"]
        rows = parameters[parameters["model_id"] == model_id]
        values = {name: float(value) * PER_HOUR[unit]
                  for name, value, unit in zip(rows["parameter"], rows["value"], rows["unit"],
                                               strict=True)}
        missing = [name for name in NEEDED[structure] if name not in values]
        if missing:
            raise table_error(PARAMETERS, f"model {model_id} has no {missing[0]} row",
                              f"every parameter a {structure} model needs", column="parameter",
                              data_dir=data_dir)
        scales = structure != "hepatoportal_nasal"  # the others are per kg of body weight
        if structure == "one_compartment":  # notebook 04's simulator, per kg of its reference
            disposition = teaching[row["product"]]
            reference = disposition.volume_reference_kg
            values = {"clearance": disposition.clearance_l_per_h / reference,
                      "central_volume": disposition.volume_l / reference}
        elif structure == "two_compartment":  # rate constants as reported -> clearances
            v1 = values["central_volume"]
            q = values["transfer_rate_out"] * v1
            values = {"central_volume": v1, "clearance": values["elimination_rate"] * v1,
                      "intercompartmental_clearance": q,
                      "peripheral_volume": q / values["transfer_rate_back"]}
        own = spreads[spreads["model_id"] == model_id]
        model_spreads = []
        for index, spread in own.iterrows():
            varies = spread["varies"]
            if varies not in values and varies not in GROUPS:
                raise table_error(VARIABILITY, f"{varies!r} is not a parameter of {model_id}",
                                  "a parameter of the model, or clearance or volumes",
                                  line=index + 2, column="varies", data_dir=data_dir)
            if pd.isna(spread["cv_pct"]) == pd.isna(spread["logit_sd"]):
                raise table_error(VARIABILITY, "both or neither of cv_pct and logit_sd",
                                  "exactly one of cv_pct (log-normal) and logit_sd (a fraction)",
                                  line=index + 2, column="cv_pct", data_dir=data_dir)
            model_spreads.append(Spread(
                varies, None if pd.isna(spread["cv_pct"]) else float(spread["cv_pct"]),
                None if pd.isna(spread["logit_sd"]) else float(spread["logit_sd"])))
        result[model_id] = PublishedModel(
            model_id, row["name"], row["product"], structure, row["route"], row["population"],
            None if pd.isna(row["subjects"]) else int(row["subjects"]),
            _range(row, "age_min", "age_max"), _range(row, "weight_min_kg", "weight_max_kg"),
            row["variability"], "" if pd.isna(row["notes"]) else row["notes"],
            tuple(row["sources"].split(";")), values, scales, tuple(model_spreads))
    return result


def published_models(data_dir=None) -> dict[str, PublishedModel]:
    """Every model of data/pk_models.csv, by model_id (cached until the data change)."""
    return _published_models(_directory(data_dir), stamps(*MODEL_TABLES, data_dir=data_dir))


def model(model_id: str, data_dir=None) -> PublishedModel:
    """One published model; a ValueError names the known models."""
    models = published_models(data_dir)
    if model_id not in models:
        raise ValueError(f"Unknown model {model_id!r}; the models are: {', '.join(models)}.")
    return models[model_id]


# --- effect site and receptor -------------------------------------------------------------

class EffectSite(NamedTuple):
    product: str
    endpoint: str
    half_times_h: tuple[float, float]  # (shortest, longest) published
    population: str
    sources: tuple[str, ...]


def effect_site(product: str, data_dir=None) -> EffectSite:
    table = load(EFFECT_SITE, data_dir).set_index("product")
    row = table.loc[product]
    to_hours = 1 / 3600 if row["unit"] == "s" else 1 / 60
    return EffectSite(product, row["endpoint"],
                      (row["half_time_low"] * to_hours, row["half_time_high"] * to_hours),
                      row["population"], tuple(row["sources"].split(";")))


# --- virtual people -------------------------------------------------------------------------

def sample(published: PublishedModel, people: int = PEOPLE, seed: int = SEED) -> dict:
    """Parameters of ``people`` virtual people (per kg where the model scales by weight).

    ``people=0`` gives the typical person alone (one row, no spread). Each spread draws
    once per person, in the order of the data, from a generator seeded with ``seed``.
    """
    count = max(people, 1)
    values = {name: np.full(count, value) for name, value in published.parameters.items()}
    if people == 0:
        return values
    generator = np.random.default_rng(seed)
    for spread in published.spreads:
        noise = generator.standard_normal(count)  # one draw per person, shared by a group
        for name in GROUPS.get(spread.varies, (spread.varies,)):
            values[name] = spread.draw(values[name], noise)
    return values


def rate_matrix(published: PublishedModel, values: dict, half_times_h) -> np.ndarray:
    """Rates (per hour) between the compartments of every person: (people, n, n)."""
    count = len(next(iter(values.values())))
    size = len(published.compartments)
    rates = np.zeros((count, size, size))

    def flow(source, target, rate):  # first-order transfer from source to target
        i, j = published.index(source), published.index(target)
        rates[:, j, i] += rate
        rates[:, i, i] -= rate

    def loss(source, rate):
        rates[:, published.index(source), published.index(source)] -= rate

    v1 = values["central_volume"]
    if published.structure in ("one_compartment", "two_compartment"):
        loss("central", values["clearance"] / v1)
    if published.structure == "two_compartment":
        flow("central", "peripheral", values["intercompartmental_clearance"] / v1)
        flow("peripheral", "central",
             values["intercompartmental_clearance"] / values["peripheral_volume"])
    if published.structure == "hepatoportal_nasal":
        for clearance, volume, compartment in (
                ("intercompartmental_clearance", "peripheral_volume", "peripheral"),
                ("intercompartmental_clearance_2", "peripheral_volume_2", "peripheral_2"),
                ("hepatic_blood_flow", "hepatic_volume", "liver")):
            flow("central", compartment, values[clearance] / v1)
            flow(compartment, "central", values[clearance] / values[volume])
        loss("liver", values["hepatic_elimination_rate"] + values["metabolism_rate"])
        flow("nasal", "central", values["nasal_absorption_rate"])
        flow("gut", "liver", values["swallowed_absorption_rate"])
    central = published.index("central")
    for site, half_time in zip(EFFECT_SITES, half_times_h, strict=True):
        # A half-time of 0 (the brain follows at once) is drawn as the plasma itself; a
        # very fast site stands for it here so the matrix stays well defined.
        ke0 = math.log(2) / max(half_time, 1e-4)
        rates[:, published.index(site), central] += ke0  # holds V1·Ce: no volume needed
        rates[:, published.index(site), published.index(site)] -= ke0
    return rates


class Population(NamedTuple):
    """A model's virtual people, their parameters and their decomposed compartments."""

    model: PublishedModel
    parameters: dict  # per person (per kg where the model scales with weight)
    system: LinearSystem
    effect: EffectSite


def population(model_id: str, people: int = PEOPLE, seed: int = SEED,
               data_dir=None) -> Population:
    """The virtual people of ``model_id``, decomposed once and reused for every dose (until
    the data change)."""
    return _population(model_id, people, seed, _directory(data_dir),
                       stamps(*MODEL_TABLES, data_dir=data_dir))


@lru_cache(maxsize=8)
def _population(model_id: str, people: int, seed: int, data_dir, _stamps) -> Population:
    published = model(model_id, data_dir)
    values = sample(published, people, seed)
    site = effect_site(published.product, data_dir)
    system = LinearSystem(rate_matrix(published, values, site.half_times_h))
    return Population(published, values, system, site)


# --- dosing schedules -----------------------------------------------------------------------

class Regimen(NamedTuple):
    regimen_id: str
    name: str
    product: str
    route: str
    dose: float
    dose_unit: str
    infusion_h: float | None
    session_days: tuple[float, ...]
    days_note: str
    sources: tuple[str, ...]


def regimens(data_dir=None) -> dict[str, Regimen]:
    """Every schedule of data/pk_regimens.csv, by regimen_id (cached until it changes)."""
    return _regimens(_directory(data_dir), stamps(REGIMENS, data_dir=data_dir))


@lru_cache(maxsize=4)
def _regimens(data_dir, _stamps) -> dict[str, Regimen]:
    table = load(REGIMENS, data_dir)
    return {row["regimen_id"]: Regimen(
        row["regimen_id"], row["name"], row["product"], row["route"], float(row["dose"]),
        row["dose_unit"], None if pd.isna(row["infusion_min"]) else row["infusion_min"] / 60,
        tuple(float(day) for day in row["session_days"].split(";")), row["days_note"],
        tuple(row["sources"].split(";"))) for _, row in table.iterrows()}


def regimen(regimen_id: str, data_dir=None) -> Regimen:
    known = regimens(data_dir)
    if regimen_id not in known:
        raise ValueError(f"Unknown schedule {regimen_id!r}; the schedules are: "
                         f"{', '.join(known)}.")
    return known[regimen_id]


def doses(people: Population, schedule: Regimen, dose: float, weight_kg: float,
          data_dir=None) -> list[Dose]:
    """Every dose of ``schedule`` for every person, as the model's compartments take them."""
    published = people.model
    if schedule.route != published.route or schedule.product != published.product:
        raise ValueError(f"The schedule {schedule.name!r} gives {schedule.product} by "
                         f"{schedule.route}; the model {published.name!r} describes "
                         f"{published.product} by {published.route}.")
    amount = dose * weight_kg if schedule.dose_unit == "mg/kg" else dose
    if schedule.route == "iv":
        return [Dose(day * HOURS_PER_DAY, published.index("central"), amount, schedule.infusion_h)
                for day in schedule.session_days]
    device_mg, interval_h = _device(data_dir)
    values = people.parameters
    result = []
    for day in schedule.session_days:
        start = day * HOURS_PER_DAY
        for device in range(round(amount / device_mg)):
            nasal = values["nasal_fraction"] * (values["later_device_factor"] if device else 1.0)
            time = start + device * interval_h
            result.append(Dose(time, published.index("nasal"), device_mg * nasal))
            result.append(Dose(time, published.index("gut"),
                               device_mg * (1 - nasal) * values["gut_fraction"],
                               float(values["swallowed_duration"][0])))
    return result


def check_dose(schedule: Regimen, dose: float, data_dir=None) -> None:
    """A ValueError naming the control and its range for a dose the schedule cannot take."""
    if schedule.route == "intranasal":
        device = _device(data_dir)[0]
        allowed = sorted(nasal_doses(data_dir))
        if dose not in allowed:
            raise ValueError(f"dose must be one of {', '.join(f'{d:g}' for d in allowed)} mg "
                             f"(whole {device:g} mg devices, as the label uses); got {dose!r}.")
        return
    low, high = dose_range(data_dir)
    if not (isinstance(dose, (int, float)) and low <= dose <= high):
        raise ValueError(f"dose must be a number from {low:g} to {high:g} mg/kg; got {dose!r}.")


def nasal_doses(data_dir=None) -> tuple[float, ...]:
    """The session doses a nasal schedule can take: one, two or three devices."""
    device = _device(data_dir)[0]
    return tuple(device * count for count in (1, 2, 3))


@lru_cache(maxsize=8)
def _control_range(control: str, data_dir, _stamps) -> tuple[float, float]:
    controls = load("simulator_controls", data_dir).set_index("control")
    return float(controls.loc[control, "minimum"]), float(controls.loc[control, "maximum"])


def dose_range(data_dir=None) -> tuple[float, float]:
    """The IV dose range (mg/kg) of notebook 04's simulator (data/simulator_controls.csv)."""
    return _control_range("dose", _directory(data_dir),
                          stamps("simulator_controls", data_dir=data_dir))


def weight_range(data_dir=None) -> tuple[float, float]:
    """The body-weight range (kg) of notebook 04's simulator."""
    return _control_range("weight", _directory(data_dir),
                          stamps("simulator_controls", data_dir=data_dir))


def _device(data_dir) -> tuple[float, float]:
    """(mg per nasal device, hours between two devices), from data/constants.csv."""
    return _device_cached(_directory(data_dir), stamps("constants", data_dir=data_dir))


@lru_cache(maxsize=4)
def _device_cached(data_dir, _stamps) -> tuple[float, float]:
    return (constant("esketamine_device_mg", data_dir),
            constant("esketamine_device_interval_min", data_dir) / 60)


# --- simulation -----------------------------------------------------------------------------

def time_grid(schedule: Regimen) -> np.ndarray:
    """Times (h) to draw. One session: every 2 minutes for 2 hours (the peak), then every
    15 minutes to 12 hours. Several: every 6 minutes for 2 hours after each session, every
    6 hours in between (enough to see the peaks and what is left before the next)."""
    starts = [day * HOURS_PER_DAY for day in schedule.session_days]
    if len(starts) == 1:
        pieces = [np.arange(0.0, 2.0, 1 / 30), np.arange(2.0, 12.0 + 1e-9, 0.25)]
    else:
        pieces = [np.arange(start, start + 2.0, 0.1) for start in starts]
        pieces.append(np.arange(0.0, starts[-1] + 2 * HOURS_PER_DAY + 1e-9, 6.0))
    return np.unique(np.concatenate(pieces))


class Simulation(NamedTuple):
    """Concentrations of every virtual person over ``times_h``."""

    model: PublishedModel
    schedule: Regimen
    dose: float
    weight_kg: float
    times_h: np.ndarray
    plasma: np.ndarray  # (people, times), ng/mL
    effect: np.ndarray  # (2, people, times): effect site at the fastest and slowest half-time
    warning: str | None


def simulate(model_id: str, regimen_id: str, dose: float | None = None, weight_kg: float = 70,
             people: int = PEOPLE, seed: int = SEED, times_h=None, data_dir=None) -> Simulation:
    """Simulate ``regimen_id`` with ``model_id`` for ``people`` virtual people (0: typical).

    ``dose`` defaults to the schedule's own (mg/kg for IV, mg for nasal). Bad input raises a
    ValueError naming the control and its range; a weight outside the model's fitted
    population is allowed and reported in ``warning``.
    """
    if not isinstance(people, int) or isinstance(people, bool) or not 0 <= people <= 5000:
        raise ValueError(f"people must be a whole number from 0 to 5000; got {people!r}.")
    return run(population(model_id, people, seed, data_dir), regimen(regimen_id, data_dir),
               dose, weight_kg, times_h, data_dir)


def run(group: Population, schedule: Regimen, dose: float | None = None,
        weight_kg: float = 70, times_h=None, data_dir=None) -> Simulation:
    """:func:`simulate` for a population and schedule already looked up (widgets keep them)."""
    dose = schedule.dose if dose is None else dose
    check_dose(schedule, dose, data_dir)
    low, high = weight_range(data_dir)
    if isinstance(weight_kg, bool) or not (isinstance(weight_kg, (int, float))
                                           and low <= weight_kg <= high):
        raise ValueError(f"weight_kg must be a number from {low:g} to {high:g}; "
                         f"got {weight_kg!r}.")
    published = group.model
    times = time_grid(schedule) if times_h is None else np.asarray(times_h, dtype=float)
    given = doses(group, schedule, dose, weight_kg, data_dir)
    volume = group.parameters["central_volume"] * (weight_kg if published.scales_with_weight
                                                   else 1)
    size = len(published.compartments)
    observe = np.zeros((len(volume), 3, size))  # plasma, fast and slow effect site
    for row, compartment in enumerate(("central", *EFFECT_SITES)):
        observe[:, row, published.index(compartment)] = NG_PER_ML_PER_MG_PER_L / volume
    # Rounding in the exact solution can leave -1e-12 where the true value is 0.
    outputs = np.maximum(group.system.simulate_outputs(times, given, observe), 0.0)
    plasma, fast, slow = outputs.transpose(1, 0, 2)
    if group.effect.half_times_h[0] == 0:
        fast = plasma  # the brain follows the plasma at once
    return Simulation(published, schedule, dose, weight_kg, times, plasma,
                      np.stack([fast, slow]), published.outside_population(weight_kg))


class Summary(NamedTuple):
    """What the figures and readouts show of a simulation, computed once."""

    bands: np.ndarray  # (3, times): 5th, 50th and 95th percentile of plasma concentration
    peaks: np.ndarray  # (3,): 5th, 50th and 95th percentile of people's peaks
    spread: float  # 95th over 5th percentile of peaks


def summarise(simulation: Simulation) -> Summary:
    peak_percentiles = np.percentile(peaks(simulation), PERCENTILES)
    return Summary(percentile_bands(simulation.plasma), peak_percentiles,
                   float(peak_percentiles[-1] / peak_percentiles[0]))


def percentile_bands(values: np.ndarray, percentiles=PERCENTILES) -> np.ndarray:
    """The given percentiles across people at every time: (len(percentiles), times)."""
    return np.percentile(values, percentiles, axis=0)


def peaks(simulation: Simulation) -> np.ndarray:
    """Each person's highest plasma concentration (ng/mL) on the grid."""
    return simulation.plasma.max(axis=1)


def share_above(simulation: Simulation, threshold_ng_per_ml: float) -> float:
    """Fraction of people whose plasma concentration ever exceeds the threshold."""
    return float(np.mean(peaks(simulation) > threshold_ng_per_ml))


def peak_spread(simulation: Simulation) -> float:
    """The 95th over the 5th percentile of people's peaks: how far apart peaks can be."""
    low, high = np.percentile(peaks(simulation), [5, 95])
    return float(high / low)


def before_each_session(simulation: Simulation) -> np.ndarray:
    """Median plasma concentration just before each session after the first (ng/mL)."""
    starts = np.array(simulation.schedule.session_days[1:]) * HOURS_PER_DAY
    median = np.median(simulation.plasma, axis=0)
    return np.interp(starts - 1e-6, simulation.times_h, median)


def peak_and_leftover(simulation: Simulation) -> tuple[float, float]:
    """(median peak after the first session, highest median level just before a later
    session), ng/mL: what is left when the next session starts."""
    first_day = simulation.times_h < HOURS_PER_DAY
    first_peak = float(np.median(simulation.plasma[:, first_day].max(axis=1)))
    return first_peak, float(before_each_session(simulation).max())


def unbound_fraction(product: str, data_dir=None) -> tuple[float, float]:
    """(lowest, highest) unbound fraction from the protein-binding rows of pk_parameters."""
    table = load("pk_parameters", data_dir)
    row = table[(table["product"] == product) & (table["parameter"] == "protein_binding_pct")]
    if row.empty:
        raise table_error("pk_parameters", f"no protein_binding_pct row for {product}",
                          "a protein-binding row for every product notebook 04 simulates",
                          column="parameter", data_dir=data_dir)
    bound_low, bound_high = float(row["value_low"].iloc[0]), float(row["value_high"].iloc[0])
    return 1 - bound_high / 100, 1 - bound_low / 100


def nmda_ki_umol(data_dir=None) -> dict[str, float]:
    """Ki at the NMDA receptor (micromolar) of each enantiomer, from data/enantiomers.csv."""
    table = load("enantiomers", data_dir).set_index("form_id")
    return {form: float(table.loc[form, "nmda_ki_umol_low"]) for form in ("esketamine",
                                                                          "arketamine")}


def occupancy(concentration_ng_per_ml, product: str, unbound: float,
              data_dir=None) -> np.ndarray:
    """Estimated share of NMDA receptors (0 to 1) with a ketamine molecule bound.

    Free concentration = unbound fraction × total; in micromolar through the molar mass. A
    racemate is half S and half R, each competing for the same site with its own Ki:
    occupancy = Σ(c_i / Ki_i) / (1 + Σ(c_i / Ki_i)). Ki values were measured in vitro.
    """
    micromolar = (np.asarray(concentration_ng_per_ml) * unbound
                  / constant("ketamine_molar_mass", data_dir))
    ki = nmda_ki_umol(data_dir)
    shares = {"esketamine": {"esketamine": 1.0},
              "racemic_ketamine": {"esketamine": 0.5, "arketamine": 0.5}}[product]
    bound = sum(micromolar * share / ki[form] for form, share in shares.items())
    return bound / (1 + bound)


# --- tables for the notebook ----------------------------------------------------------------

def model_table(data_dir=None) -> pd.DataFrame:
    """The published models in words: what each describes, its compartments, the people it
    was fitted in, the spread between them it reports, and its sources."""
    from .formats import source_keys

    structures = labels("pk_structure", data_dir=data_dir)
    products = labels("pk_product", data_dir=data_dir)
    routes = labels("pk_route", data_dir=data_dir)
    covariates = load(COVARIATES, data_dir)

    def covariate_words(model_id: str) -> str:
        rows = covariates[covariates["model_id"] == model_id]
        applied = {"yes": "applied", "no": "not applied"}
        return "; ".join(f"{row['covariate']} ({applied[row['simulated']]})"
                         for _, row in rows.iterrows())

    rows = [{"Model": published.name,
             "Describes": f"{products[published.product]}, {routes[published.route].lower()}",
             "Compartments": structures[published.structure],
             "Fitted in": published.population,
             "Spread between people": published.variability,
             "What changes a parameter": covariate_words(published.model_id),
             "Sources": source_keys(published.sources)}
            for published in published_models(data_dir).values()]
    return pd.DataFrame(rows)


def half_lives_h(model_id: str, data_dir=None) -> np.ndarray:
    """The half-lives (h) of a model's typical person, one per phase, shortest first."""
    group = population(model_id, people=0, data_dir=data_dir)
    published = group.model
    body = [published.index(name) for name in published.compartments
            if name in ("central", "peripheral", "peripheral_2", "liver")]
    rates = group.system.rates[0][np.ix_(body, body)]
    return np.sort(math.log(2) / -np.linalg.eigvals(rates).real)


def schedule_table(simulations: list[Simulation]) -> pd.DataFrame:
    """For each simulated schedule: sessions, median first peak, what is left before the next."""
    rows = []
    for simulation in simulations:
        first_peak, left = peak_and_leftover(simulation)
        rows.append({"Schedule": simulation.schedule.name,
                     "Model": simulation.model.name,
                     "Sessions": len(simulation.schedule.session_days),
                     "Median first peak (ng/mL)": first_peak,
                     "Most left before a session (ng/mL)": left,
                     "Left, as a share of the peak": f"{100 * left / first_peak:.2g}%",
                     "Schedule as the source gives it": simulation.schedule.days_note})
    return pd.DataFrame(rows)


def hours_above(simulation: Simulation, fraction: float) -> float:
    """Last time (h) the first person's plasma concentration is above ``fraction`` of its peak."""
    plasma = simulation.plasma[0]
    above = np.nonzero(plasma >= fraction * plasma.max())[0]
    return float(simulation.times_h[above[-1]])


TIMING_CASES = (("hijazi2003", "iv_single"), ("perezruixo2021", "nasal_single"))


def effect_timing_text(data_dir=None) -> str:
    """How long the drug stays against how long the effects last, in sentences from data/.

    The drug: when each typical person's plasma falls below a tenth of its peak, and how far
    the brain lags behind. The effects: the acute adverse events of esketamine
    (data/acute_course.csv) and the antidepressant effect of one infusion in pooled trials
    (data/antidepressant_onset.csv).
    """
    from .formats import value_range

    times = np.linspace(0, 24, 24 * 60 + 1)
    below, lags = [], []
    for model_id, regimen_id in TIMING_CASES:
        simulation = simulate(model_id, regimen_id, people=0, times_h=times,
                              data_dir=data_dir)
        lag_min = 60 * (times[np.argmax(simulation.effect[1, 0])]
                        - times[np.argmax(simulation.plasma[0])])
        route = "an intravenous" if simulation.schedule.route == "iv" else "a nasal"
        below.append(f"{hours_above(simulation, 0.1):.1f} h after the start of {route} "
                     f"session ({simulation.model.name})")
        site = effect_site(simulation.model.product, data_dir)
        when = "within a minute" if lag_min < 1 else f"up to {lag_min:.0f} minutes later"
        endpoint = site.endpoint if site.endpoint[:2].isupper() else (
            site.endpoint[0].lower() + site.endpoint[1:])  # keep "EEG", lower "Pain"
        lags.append(f"{when} for {endpoint} ({site.product.replace('_', ' ')})")
    onset = load("antidepressant_onset", data_dir).set_index("point_id")
    acute = load("acute_course", data_dir).set_index("fact_id")

    def when(point: str) -> str:
        row = onset.loc[point]
        span = value_range(row["time_low"], row["time_high"], joiner=" to ")
        if row["time_unit"] == "days":
            return f"day {span}" if row["time_low"] == row["time_high"] else f"days {span}"
        return f"{span} {row['time_unit']}"

    resolved = acute.loc["esk_ae_resolved"]
    return (f"For a person with the models' typical values, the plasma level falls below a "
            f"tenth of its peak by {below[0]} and by {below[1]}. The brain's peak follows the "
            f"plasma's {lags[0]}, and {lags[1]}: the difference reflects the effects measured, "
            f"not the route. The acute effects start near the peak: in a trial of esketamine "
            f"nasal spray, adverse events such as dissociation began soon after dosing and had "
            f"resolved by {resolved['time_min_high']:.0f} minutes [{resolved['sources']}], "
            f"while the plasma level was still falling. The "
            f"antidepressant effect is different: after one infusion, pooled randomised trials "
            f"found it larger than placebo from {when('ket_single_first')}, largest at "
            f"{when('ket_single_peak')}, and no longer different by {when('ket_single_lost')} "
            f"[{onset.loc['ket_single_lost', 'sources']}]"
            f": it outlasts the drug by days.")


def effect_timing_sources(data_dir=None) -> list[str]:
    """The keys :func:`effect_timing_text` cites, for the notebook's reference list."""
    acute = load("acute_course", data_dir).set_index("fact_id")
    onset = load("antidepressant_onset", data_dir).set_index("point_id")
    return [*acute.loc["esk_ae_resolved", "sources"].split(";"),
            *onset.loc["ket_single_lost", "sources"].split(";")]


# --- the simulations notebook 04's figures, tables and self-checks share --------------------
# Cached until the data change: a figure, its alt text, a table and a quiz all read them.

CASE_TABLES = (*MODEL_TABLES, REGIMENS, "constants", "simulator_controls", "enantiomers")
RECEPTOR_CASES = (("hijazi2003", "iv_single"), ("perezruixo2021", "nasal_single"))
RECEPTOR_HOURS = 4.0
REPEATED_CASES = (("hijazi2003", "iv_three_a_week"), ("perezruixo2021", "nasal_label"))


def receptor_cases(data_dir=None) -> list[tuple[Simulation, np.ndarray, np.ndarray]]:
    """For each case, a typical person's simulation and the occupancy band (low, high).

    The band spans both effect-site half-times and both ends of the unbound fraction.
    """
    return _receptor_cases(_directory(data_dir), stamps(*CASE_TABLES, data_dir=data_dir))


@lru_cache(maxsize=2)
def _receptor_cases(data_dir, _stamps):
    cases = []
    times = np.linspace(0, RECEPTOR_HOURS, 241)
    for model_id, regimen_id in RECEPTOR_CASES:
        simulation = simulate(model_id, regimen_id, people=0, times_h=times, data_dir=data_dir)
        product = simulation.model.product
        estimates = [occupancy(site[0], product, unbound, data_dir)
                     for site in simulation.effect
                     for unbound in unbound_fraction(product, data_dir)]
        cases.append((simulation, np.min(estimates, axis=0), np.max(estimates, axis=0)))
    return cases


def repeated_cases(data_dir=None) -> list[Simulation]:
    """The trial schedule and the label schedule, each for PEOPLE virtual people."""
    return _repeated_cases(_directory(data_dir), stamps(*CASE_TABLES, data_dir=data_dir))


@lru_cache(maxsize=2)
def _repeated_cases(data_dir, _stamps) -> list[Simulation]:
    return [simulate(model_id, regimen_id, data_dir=data_dir)
            for model_id, regimen_id in REPEATED_CASES]
