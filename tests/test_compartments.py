"""The compartment engine against an independent numerical solution, mass balance and the
closed forms of the one-compartment teaching model."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp

from ketamine_course import pk
from ketamine_course.compartments import Dose, LinearSystem


def mammillary(v1, v2, v3, cl, q2, q3, ka=None, ke0=None):
    """Rates of a three-compartment model; optionally a depot (last but one) and an effect
    site (last), as the published-model builder makes them."""
    size = 3 + (ka is not None) + (ke0 is not None)
    rates = np.zeros((size, size))
    rates[0, 0] = -(cl + q2 + q3) / v1
    rates[1, 0], rates[0, 1], rates[1, 1] = q2 / v1, q2 / v2, -q2 / v2
    rates[2, 0], rates[0, 2], rates[2, 2] = q3 / v1, q3 / v3, -q3 / v3
    if ka is not None:
        rates[3, 3], rates[0, 3] = -ka, ka
    if ke0 is not None:  # the effect site holds a concentration (ng/mL), not an amount
        rates[-1, 0], rates[-1, -1] = ke0 * 1000 / v1, -ke0
    return rates


def numerical(rates, doses, times):
    """The same system integrated step by step (scipy's Radau, tight tolerances)."""
    size = rates.shape[0]
    bolus_times = sorted({dose.time_h for dose in doses if not dose.duration_h})

    def inflow(t):
        u = np.zeros(size)
        for dose in doses:
            if dose.duration_h and dose.time_h <= t < dose.time_h + dose.duration_h:
                u[dose.state] += dose.amount / dose.duration_h
        return u

    cuts = sorted({0.0, times[-1], *bolus_times,
                   *(d.time_h + d.duration_h for d in doses if d.duration_h),
                   *(d.time_h for d in doses if d.duration_h)})
    state, out = np.zeros(size), np.zeros((size, times.size))
    for start, stop in zip(cuts, cuts[1:], strict=False):
        for dose in doses:
            if not dose.duration_h and dose.time_h == start:
                state = state + np.eye(size)[dose.state] * dose.amount
        inside = (times >= start) & (times <= stop)
        solution = solve_ivp(lambda t, x: rates @ x + inflow(t), (start, stop), state,
                             method="Radau", rtol=1e-12, atol=1e-14, dense_output=True)
        if inside.any():
            out[:, inside] = solution.sol(times[inside])
        state = solution.sol(stop)
    return out


REGIMEN = [Dose(0.0, 0, 35.0, 40 / 60),            # a 40-minute infusion
           Dose(3.0, 3, 56.0),                     # a dose into the absorption depot
           Dose(3.5, 0, 10.0),                     # an IV bolus while it absorbs
           Dose(26.0, 0, 35.0, 40 / 60)]           # the next session, a day later


def test_exact_solution_matches_an_ode_solver_within_1e_6():
    rates = mammillary(v1=20.0, v2=60.0, v3=200.0, cl=80.0, q2=90.0, q3=40.0, ka=2.5,
                       ke0=1.8)
    times = np.unique(np.concatenate([np.linspace(0, 48, 400), [40 / 60, 3.0, 3.5, 26.0]]))
    exact = np.stack([LinearSystem(rates).simulate(times, REGIMEN, np.eye(5)[state])[0]
                      for state in range(5)])
    reference = numerical(rates, REGIMEN, times)
    meaningful = np.abs(reference) > 1e-9 * np.abs(reference).max()
    relative = np.abs(exact - reference)[meaningful] / np.abs(reference)[meaningful]
    assert relative.max() < 1e-6


def test_drug_is_conserved_until_it_is_eliminated():
    """Without elimination every mg stays in the body; with it, what left is CL·∫C.
    (The doses keep the concentration continuous, so the trapezoid rule is exact enough.)"""
    cl, v1 = 80.0, 20.0
    closed = LinearSystem(mammillary(v1, 60.0, 200.0, 1e-9, 90.0, 40.0, ka=2.5))
    times = np.linspace(0, 30, 30001)
    total = closed.simulate(times, REGIMEN[:2], np.ones(4))[0]
    given = [35.0 * min(t / (40 / 60), 1) + 56.0 * (t >= 3) for t in times]
    assert np.allclose(total, given, rtol=1e-7)

    system = LinearSystem(mammillary(v1, 60.0, 200.0, cl, 90.0, 40.0, ka=2.5))
    body = system.simulate(times, REGIMEN[:2], np.ones(4))[0]
    concentration = system.simulate(times, REGIMEN[:2], np.eye(4)[0] / v1)[0]  # mg/L
    steps = np.diff(times)
    eliminated = np.concatenate([[0], np.cumsum(cl * steps * (concentration[1:]
                                                              + concentration[:-1]) / 2)])
    # The trapezoid rule itself is off by about 1e-6 of the dose on this grid.
    assert np.allclose(body + eliminated, given, rtol=0, atol=2e-6 * 91.0)


def test_auc_is_bioavailable_dose_over_clearance():
    cl, v1, fraction, dose = 80.0, 20.0, 0.5, 56.0
    system = LinearSystem(mammillary(v1, 60.0, 200.0, cl, 90.0, 40.0, ka=2.5))
    times = np.concatenate([np.linspace(0, 2, 2001), np.geomspace(2.001, 2000, 20000)])
    concentration = system.simulate(times, [Dose(0.0, 3, fraction * dose)], np.eye(4)[0] / v1)
    auc = np.trapezoid(concentration[0], times)  # mg·h/L
    assert auc == pytest.approx(fraction * dose / cl, rel=1e-4)


def test_the_one_compartment_teaching_model_is_one_case_of_the_engine():
    clearance, volume, ka, fraction, dose = 79.0, 252.0, 3.0, 0.45, 50.0
    k = clearance / volume
    times = np.linspace(0, 12, 241)
    absorbed = LinearSystem([[-k, ka], [0.0, -ka]]).simulate(
        times, [Dose(0.0, 1, fraction * dose)], [1000 / volume, 0.0])[0]
    assert np.allclose(absorbed, pk.first_order_concentration(times, dose, fraction, ka,
                                                              clearance, volume), rtol=1e-12)
    infused = LinearSystem([[-k]]).simulate(times, [Dose(0.0, 0, dose, 40 / 60)],
                                            [1000 / volume])[0]
    assert np.allclose(infused, pk.infusion_concentration(times, dose, 40 / 60, clearance,
                                                          volume), rtol=1e-12, atol=1e-12)


def test_people_are_simulated_side_by_side():
    one = mammillary(20.0, 60.0, 200.0, 80.0, 90.0, 40.0)
    two = mammillary(30.0, 50.0, 150.0, 60.0, 70.0, 30.0)
    times = np.linspace(0, 10, 50)
    doses = [Dose(0.0, 0, np.array([35.0, 50.0]), 40 / 60)]
    both = LinearSystem(np.stack([one, two])).simulate(times, doses, np.eye(3)[0])
    alone = [LinearSystem(rates).simulate(times, [Dose(0.0, 0, amount, 40 / 60)], np.eye(3)[0])
             for rates, amount in ((one, 35.0), (two, 50.0))]
    assert np.allclose(both, np.concatenate(alone))


@pytest.mark.parametrize(("rates", "message"), [
    ([[0.0]], "must decay"),                            # nothing leaves: a zero eigenvalue
    ([[-1.0, -2.0], [2.0, -1.0]], "must decay"),        # oscillates: complex eigenvalues
    ([[-1.0, np.nan], [0.0, -1.0]], "finite"),
    ([1.0, 2.0], "shape"),
])
def test_a_broken_rate_matrix_is_refused(rates, message):
    with pytest.raises(ValueError, match=message):
        LinearSystem(rates)


@pytest.mark.parametrize(("dose", "message"), [
    (Dose(0.0, 3, 10.0), "compartments 0 to 1"),
    (Dose(-1.0, 0, 10.0), "0 h or later"),
    (Dose(0.0, 0, -5.0), "0 or more"),
    (Dose(0.0, 0, 5.0, -1.0), "0 h or longer"),
])
def test_a_broken_dose_is_refused(dose, message):
    system = LinearSystem([[-1.0, 2.0], [0.0, -2.0]])
    with pytest.raises(ValueError, match=message):
        system.simulate([0.0, 1.0], [dose], [1.0, 0.0])


@settings(max_examples=60, deadline=None)
@given(v1=st.floats(1, 100), v2=st.floats(1, 500), cl=st.floats(1, 200), q2=st.floats(0.5, 200),
       ka=st.floats(0.2, 20), amount=st.floats(0, 500), infusion_h=st.floats(0.01, 3),
       gap_h=st.floats(0, 72))
def test_concentrations_are_finite_and_never_negative(v1, v2, cl, q2, ka, amount, infusion_h,
                                                      gap_h):
    rates = np.array([[-(cl + q2) / v1, q2 / v2, ka],
                      [q2 / v1, -q2 / v2, 0.0],
                      [0.0, 0.0, -ka]])
    doses = [Dose(0.0, 0, amount, infusion_h), Dose(gap_h, 2, amount)]
    times = np.linspace(0, 100, 300)
    concentration = LinearSystem(rates).simulate(times, doses, [1000 / v1, 0.0, 0.0])
    assert np.all(np.isfinite(concentration))
    assert concentration.min() >= -1e-9 * max(1.0, concentration.max())
