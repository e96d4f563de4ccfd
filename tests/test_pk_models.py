"""Published models (notebook 04, part 2): each reproduces what its paper reports, virtual
people follow the reported spread, doses follow the schedules, and bad input is refused."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import edit_cell
from ketamine_course import pk_models
from ketamine_course.compartments import Dose, LinearSystem
from ketamine_course.data import DataError, constant, load
from ketamine_course.pk_models import (
    HOURS_PER_DAY,
    model,
    occupancy,
    population,
    published_models,
    regimens,
    simulate,
)

ONE_DAY = np.linspace(0, 24, 24 * 60 + 1)  # every minute


def disposition_rates(published):
    """The typical person's rates among the compartments that hold drug in the body."""
    group = population(published.model_id, people=0)
    body = [published.index(name) for name in published.compartments
            if name in ("central", "peripheral", "peripheral_2", "liver")]
    return group.system.rates[0][np.ix_(body, body)], group


def computed(check) -> float:
    """The model's value of one pk_model_checks row, in the row's unit."""
    published = model(check["model_id"])
    rates, group = disposition_rates(published)
    values = {name: value[0] for name, value in group.parameters.items()}
    slowest = -np.linalg.eigvals(rates).real.max()
    quantity = check["quantity"]
    if quantity == "clearance_per_kg":  # L/h/kg -> mL/min/kg
        return values["clearance"] * 1000 / 60
    if quantity == "half_life_terminal":
        return math.log(2) / slowest
    if quantity == "volume_beta_per_kg":
        return values["clearance"] / slowest
    if quantity == "volume_steady_state":
        return values["central_volume"] + values["peripheral_volume"] + \
            values["peripheral_volume_2"]
    session = simulate(check["model_id"], "nasal_single", dose=float(check["dose_mg"]),
                       people=0, times_h=ONE_DAY)
    if quantity == "cmax":
        return float(session.plasma[0].max())
    if quantity == "auc_0_24":
        return float(np.trapezoid(session.plasma[0], ONE_DAY))
    # Bioavailability: exposure after the nasal session over exposure after the same dose
    # injected into the blood, both followed until nothing is left.
    long = np.concatenate([np.linspace(0, 2, 1201), np.geomspace(2.001, 2000, 8000)])
    nasal = simulate(check["model_id"], "nasal_single", dose=float(check["dose_mg"]),
                     people=0, times_h=long).plasma[0]
    size = len(published.compartments)
    injected = group.system.simulate(long, [Dose(0.0, published.index("central"),
                                                 float(check["dose_mg"]))],
                                     np.eye(size)[published.index("central")]
                                     * 1000 / values["central_volume"])[0]
    return 100 * np.trapezoid(nasal, long) / np.trapezoid(injected, long)


CHECKS = load("pk_model_checks")


@pytest.mark.parametrize("check", [row for _, row in CHECKS.iterrows()],
                         ids=list(CHECKS["check_id"]))
def test_each_model_reproduces_what_its_paper_reports(check):
    value = computed(check)
    assert abs(value - check["reported"]) <= check["tolerance"], (
        f"{check['check_id']}: model gives {value:.4g} {check['unit']}, the paper "
        f"{check['reported']:g} ± {check['tolerance']:g} ({check['tolerance_basis']})")


def test_every_published_model_with_a_paper_has_a_check():
    checked = set(CHECKS["model_id"])
    papers = {key for key, published in published_models().items()
              if published.structure != "one_compartment"}
    assert papers <= checked, papers - checked


def test_the_teaching_model_is_the_simulators_model():
    """One compartment, the same clearance and volume as notebook 04's simulator."""
    from ketamine_course import pk

    teaching = simulate("one_compartment", "iv_single", dose=0.5, weight_kg=80, people=0,
                        times_h=ONE_DAY).plasma[0]
    clearance, volume = pk.dispositions()["racemic_ketamine"].scaled(80)
    expected = pk.infusion_concentration(ONE_DAY, 0.5 * 80, 40 / 60, clearance, volume)
    assert np.allclose(teaching, expected, rtol=1e-9, atol=1e-9)


def test_virtual_people_are_reproducible_and_spread_as_reported():
    first = population("hijazi2003").parameters
    again = pk_models.sample(model("hijazi2003"))
    other = pk_models.sample(model("hijazi2003"), seed=pk_models.SEED + 1)
    assert np.array_equal(first["clearance"], again["clearance"])
    assert not np.array_equal(first["clearance"], other["clearance"])
    typical = model("hijazi2003").parameters
    spreads = {spread.varies: spread.cv_pct for spread in model("hijazi2003").spreads}
    for name, group in (("clearance", "clearance"), ("central_volume", "volumes")):
        values = first[name]
        assert np.median(values) == pytest.approx(typical[name], rel=0.08)
        cv = math.sqrt(math.exp(np.var(np.log(values))) - 1) * 100  # of a log-normal
        assert cv == pytest.approx(spreads[group], rel=0.1)
    # The volumes move together; clearance independently of them.
    assert np.allclose(first["peripheral_volume"] / first["central_volume"],
                       typical["peripheral_volume"] / typical["central_volume"])
    assert abs(np.corrcoef(np.log(first["clearance"]),
                           np.log(first["central_volume"]))[0, 1]) < 0.1


def test_a_fraction_stays_a_fraction_with_its_logit_spread():
    fractions = population("perezruixo2021").parameters["nasal_fraction"]
    assert 0 < fractions.min() and fractions.max() < 1
    assert np.median(fractions) == pytest.approx(model("perezruixo2021").parameters[
        "nasal_fraction"], abs=0.03)


def test_a_nasal_session_is_whole_devices_five_minutes_apart_and_loses_less_later():
    group = population("perezruixo2021", people=0)
    schedule = regimens()["nasal_single"]
    given = pk_models.doses(group, schedule, 84.0, 70)
    published = group.model
    nasal = [dose for dose in given if dose.state == published.index("nasal")]
    device = constant("esketamine_device_mg")
    interval_h = constant("esketamine_device_interval_min") / 60
    assert [dose.time_h for dose in nasal] == pytest.approx([0, interval_h, 2 * interval_h])
    fraction = published.parameters["nasal_fraction"]
    factor = published.parameters["later_device_factor"]
    assert [float(dose.amount[0]) for dose in nasal] == pytest.approx(
        [device * fraction, device * fraction * factor, device * fraction * factor])
    swallowed = [dose for dose in given if dose.state == published.index("gut")]
    assert all(dose.duration_h == published.parameters["swallowed_duration"]
               for dose in swallowed)


@pytest.mark.parametrize("regimen_id", ["iv_three_a_week", "iv_twice_a_week", "nasal_label"])
def test_repeated_sessions_do_not_build_up(regimen_id):
    """Before every later session less than 1% of the first session's median peak is left,
    and later peaks match the first within 2%."""
    model_id = "perezruixo2021" if regimen_id.startswith("nasal") else "hijazi2003"
    simulation = simulate(model_id, regimen_id)
    first_peak, left = pk_models.peak_and_leftover(simulation)
    assert left < 0.01 * first_peak
    days = simulation.schedule.session_days
    median = np.median(simulation.plasma, axis=0)
    session_peaks = [median[(simulation.times_h >= day * HOURS_PER_DAY)
                            & (simulation.times_h < day * HOURS_PER_DAY + 2)].max()
                     for day in days]
    assert max(session_peaks) <= 1.02 * session_peaks[0]


def test_the_brain_follows_the_plasma_later_and_never_overtakes_its_peak():
    times = np.linspace(0, 6, 721)
    for model_id, regimen_id in (("hijazi2003", "iv_single"),
                                 ("perezruixo2021", "nasal_single")):
        simulation = simulate(model_id, regimen_id, people=0, times_h=times)
        plasma_peak_at = times[np.argmax(simulation.plasma[0])]
        for site in simulation.effect:
            assert times[np.argmax(site[0])] >= plasma_peak_at - 1e-9
            assert site[0].max() <= simulation.plasma[0].max() * (1 + 1e-9)


def test_occupancy_follows_the_one_site_formula_with_each_enantiomers_ki():
    ki = {row["form_id"]: row["nmda_ki_umol_low"] for _, row in load("enantiomers").iterrows()}
    molar_mass = constant("ketamine_molar_mass")
    concentration, unbound = 200.0, 0.5
    free = concentration * unbound / molar_mass
    s_load = free / ki["esketamine"]
    assert occupancy(concentration, "esketamine", unbound) == pytest.approx(s_load / (1 + s_load))
    both = free / 2 / ki["esketamine"] + free / 2 / ki["arketamine"]
    assert occupancy(concentration, "racemic_ketamine", unbound) == pytest.approx(both / (1 + both))
    assert occupancy(0.0, "esketamine", unbound) == 0
    rising = occupancy(np.geomspace(1, 1e5, 50), "racemic_ketamine", unbound)
    assert np.all(np.diff(rising) > 0) and rising[-1] < 1


def test_unbound_fraction_comes_from_protein_binding():
    table = load("pk_parameters")
    for product in ("racemic_ketamine", "esketamine"):
        row = table[(table["product"] == product)
                    & (table["parameter"] == "protein_binding_pct")].iloc[0]
        assert pk_models.unbound_fraction(product) == pytest.approx(
            (1 - row["value_high"] / 100, 1 - row["value_low"] / 100))


@pytest.mark.parametrize(("arguments", "message"), [
    (("domino", "iv_single"), "Unknown model 'domino'; the models are"),
    (("hijazi2003", "weekly"), "Unknown schedule 'weekly'; the schedules are"),
    (("hijazi2003", "iv_single", 5.0), "dose must be a number from 0.1 to 2 mg/kg"),
    (("hijazi2003", "iv_single", "half"), "dose must be a number"),
    (("perezruixo2021", "nasal_single", 30.0), "dose must be one of 28, 56, 84 mg"),
    (("hijazi2003", "iv_single", 0.5, 300), "weight_kg must be a number from 40 to 150"),
    (("hijazi2003", "iv_single", 0.5, True), "weight_kg must be a number"),
    (("hijazi2003", "nasal_single"), "describes racemic_ketamine by iv"),
    (("hijazi2003", "iv_single", 0.5, 70, -1), "people must be a whole number"),
])
def test_bad_input_names_the_control_and_its_range(arguments, message):
    with pytest.raises(ValueError, match=message):
        simulate(*arguments)


def test_a_weight_outside_the_fitted_population_is_said_on_the_figure(data_copy):
    edit_cell(data_copy / "pk_models.csv", 4, "weight_max_kg", "100")
    simulation = simulate("perezruixo2021", "nasal_single", weight_kg=120, people=0,
                          data_dir=data_copy)
    assert simulation.warning == ("120 kg is outside the weights this model was fitted in "
                                  "(39 to 100 kg)")
    from ketamine_course.diagrams.pk_models import variability_alt

    assert "Warning on the figure: 120 kg is outside" in variability_alt(simulation)
    assert simulate("perezruixo2021", "nasal_single", weight_kg=90, people=0,
                    data_dir=data_copy).warning is None


def test_a_model_missing_a_parameter_is_a_data_error(data_copy):
    path = data_copy / "pk_model_parameters.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if ",hepatic_volume," not in line),
                    encoding="utf-8")
    with pytest.raises(DataError, match="model perezruixo2021 has no hepatic_volume row"):
        published_models(data_copy)


def test_a_spread_on_an_unknown_parameter_is_a_data_error(data_copy):
    edit_cell(data_copy / "pk_model_variability.csv", 2, "varies", "liver_size")
    with pytest.raises(DataError, match="'liver_size' is not a parameter of hijazi2003"):
        published_models(data_copy)


CONTROLS = st.one_of(
    st.tuples(st.sampled_from(["one_compartment", "hijazi2003"]), st.just("iv_single"),
              st.floats(0.1, 2.0), st.integers(40, 150)),
    st.tuples(st.just("perezruixo2021"), st.just("nasal_single"),
              st.sampled_from([28.0, 56.0, 84.0]), st.integers(40, 150)),
)


@settings(max_examples=25, deadline=None)
@given(CONTROLS)
def test_any_setting_of_the_controls_gives_finite_non_negative_concentrations(controls):
    model_id, regimen_id, dose, weight = controls
    simulation = simulate(model_id, regimen_id, dose=dose, weight_kg=weight, people=200)
    for values in (simulation.plasma, simulation.effect):
        assert np.all(np.isfinite(values)) and values.min() >= 0
    assert simulation.plasma.max() > 0
    assert simulation.warning is None or "outside the weights" in simulation.warning


def test_the_engine_is_exact_for_a_published_model_too():
    """The hepato-portal nasal model against a direct matrix exponential (one device)."""
    from scipy.linalg import expm

    group = population("perezruixo2021", people=0)
    published = group.model
    rates = group.system.rates[0]
    nasal = published.index("nasal")
    times = np.linspace(0, 12, 49)
    exact = LinearSystem(rates).simulate(times, [Dose(0.0, nasal, 10.0)], np.eye(len(rates))[0])
    reference = [(expm(rates * t) @ (np.eye(len(rates))[nasal] * 10.0))[0] for t in times]
    assert np.allclose(exact[0], reference, rtol=1e-6, atol=1e-12)


def systemic_clearance(published) -> float:
    """CL of the typical person from the parameters alone (well-stirred liver for the
    hepato-portal model), in L/h for 70 kg."""
    values = published.parameters
    if published.structure != "hepatoportal_nasal":
        return values["clearance"] * 70
    intrinsic = values["hepatic_volume"] * (values["hepatic_elimination_rate"]
                                            + values["metabolism_rate"])
    return values["hepatic_blood_flow"] * intrinsic / (values["hepatic_blood_flow"] + intrinsic)


@pytest.mark.parametrize("model_id", list(published_models()))
def test_auc_is_bioavailable_dose_over_clearance_for_every_model(model_id):
    """AUC from the engine, integrated to the end, against F·D/CL from the parameters: F = 1
    for an IV dose; for the nasal model F = f + (1 - f)·Fgut·(1 - E) with f the mean nasal
    fraction of the devices and E the liver's extraction (the paper's formula)."""
    published = model(model_id)
    long = np.concatenate([np.linspace(0, 2, 2001), np.geomspace(2.001, 3000, 20000)])
    clearance = systemic_clearance(published)
    schedule = "nasal_single" if published.route == "intranasal" else "iv_single"
    simulation = simulate(model_id, schedule, people=0, times_h=long)
    dose_mg = simulation.dose * (70 if simulation.schedule.dose_unit == "mg/kg" else 1)
    fraction = 1.0
    if published.route == "intranasal":
        values = published.parameters
        devices = round(simulation.dose / constant("esketamine_device_mg"))
        nasal = values["nasal_fraction"] * (1 + (devices - 1) * values["later_device_factor"]) \
            / devices
        extraction = clearance / values["hepatic_blood_flow"]  # CL = Qh·E
        fraction = nasal + (1 - nasal) * values["gut_fraction"] * (1 - extraction)
    auc = np.trapezoid(simulation.plasma[0], long) / 1000  # mg·h/L
    assert auc == pytest.approx(fraction * dose_mg / clearance, rel=1e-4)


def test_the_covariate_table_agrees_with_how_the_code_scales_weight():
    """A model the code scales by body weight has an applied body-weight row saying so; the
    nasal model, which it does not scale, records that weight had no effect."""
    covariates = load("pk_model_covariates")
    for model_id, published in published_models().items():
        weight = covariates[(covariates["model_id"] == model_id)
                            & (covariates["covariate"] == "Body weight")]
        assert len(weight) == 1, model_id
        row = weight.iloc[0]
        assert row["simulated"] == "yes"
        assert published.scales_with_weight == (row["parameter"] != "none"), model_id
    known = {name for published in published_models().values() for name in published.parameters}
    for _, row in covariates[covariates["simulated"] == "no"].iterrows():
        assert row["parameter"] in known and row["notes"], row["covariate"]
