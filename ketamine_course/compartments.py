"""Linear compartment models, solved exactly, for many people at once.

A model is a few compartments holding amounts of drug (mg) and first-order rate constants
(per hour) between them: for every person, ``dx/dt = K·x + u(t)``, where the matrix K holds
the rates and u the doses going in. A dose is either a bolus (an amount put into one
compartment at one moment: an injection, or a spray into the nasal absorption site) or a
zero-order input (a constant rate into one compartment for a while: an infusion).

The solution is exact, not stepped: K = V·diag(λ)·V⁻¹, so in the coordinates z = V⁻¹·x
every mode decays on its own, ``z_i(t) = z_i(a)·exp(λ_i (t - a)) + v_i·(exp(λ_i (t - a)) - 1)/λ_i``
while a constant input v = V⁻¹·u flows in. Time is cut at every dose and every end of an
infusion; within each piece the formula above holds, and the state at the end of one piece
starts the next. Each person has their own K, so arrays carry a leading axis of people.

The linear models of pharmacokinetics (mammillary compartments, absorption depots, an
effect site, a liver compartment with first-pass loss) all have real, negative eigenvalues;
a rate matrix that would break this is refused with a ValueError.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


class Dose(NamedTuple):
    """``amount`` (mg, one number or one per person) into compartment ``state`` at ``time_h``.

    ``duration_h`` 0 is a bolus; above 0 the amount flows in at a constant rate over it.
    """

    time_h: float
    state: int
    amount: float | np.ndarray
    duration_h: float = 0.0


class LinearSystem:
    """The rate matrices of ``people`` people, decomposed once, ready to simulate doses.

    ``rates`` has shape (people, n, n) (or (n, n) for one person): ``rates[p, i, j]`` is the
    rate (per hour) at which compartment j feeds compartment i, and each diagonal entry is
    minus the total rate out of its compartment.
    """

    def __init__(self, rates):
        matrix = np.asarray(rates, dtype=float)
        if matrix.ndim == 2:
            matrix = matrix[None]
        if matrix.ndim != 3 or matrix.shape[1] != matrix.shape[2]:
            raise ValueError(f"rates must have shape (people, n, n); got {matrix.shape}.")
        if not np.all(np.isfinite(matrix)):
            raise ValueError("rates must be finite numbers.")
        values, vectors = np.linalg.eig(matrix)
        if np.any(np.abs(values.imag) > 1e-9 * np.abs(values.real).max(initial=1.0)) or \
                np.any(values.real >= 0):
            raise ValueError("Every mode of a compartment model must decay: the rate matrix "
                             "has an eigenvalue that is complex, zero or positive.")
        self.rates = matrix
        self.eigenvalues = values.real  # (people, n)
        self.vectors = vectors.real  # columns are the modes
        self.inverse = np.linalg.inv(self.vectors)

    @property
    def people(self) -> int:
        return self.rates.shape[0]

    @property
    def size(self) -> int:
        return self.rates.shape[1]

    def simulate(self, times_h, doses, observe) -> np.ndarray:
        """``observe · x(t)`` for every person at every time in ``times_h``: (people, times).

        ``observe`` weighs the compartments' amounts into what is read out (shape (n,) or
        (people, n)); for a plasma concentration in ng/mL it is 1000 / V1 on the central
        compartment and 0 elsewhere. Before the first dose everything is zero.
        """
        times = np.asarray(times_h, dtype=float)
        if times.ndim != 1 or not np.all(np.isfinite(times)) or np.any(np.diff(times) < 0):
            raise ValueError("times_h must be finite times in hours, in increasing order.")
        weights = np.broadcast_to(np.asarray(observe, dtype=float),
                                  (self.people, self.size))
        readout = np.einsum("pn,pnm->pm", weights, self.vectors)  # observe·V, per mode
        doses = [self._checked(dose) for dose in doses]
        result = np.zeros((self.people, times.size))
        modes = np.zeros((self.people, self.size))  # z = V⁻¹·x at the start of the piece
        inflow = np.zeros((self.people, self.size))  # V⁻¹·u while inputs are constant
        # Breakpoints: every dose, every end of an infusion, and the end of the grid.
        events = sorted({dose.time_h for dose in doses}
                        | {dose.time_h + dose.duration_h for dose in doses if dose.duration_h})
        start = 0.0
        for stop in [*events, np.inf]:
            inside = (times >= start) & (times < stop) if stop != np.inf else times >= start
            if np.any(inside):
                result[:, inside] = np.einsum(
                    "pm,pmt->pt", readout, self._advance(modes, inflow, times[inside] - start))
            if stop == np.inf:
                break
            modes = self._advance(modes, inflow, np.array([stop - start]))[:, :, 0]
            for dose in doses:
                column = self.inverse[:, :, dose.state]  # V⁻¹·e_j for every person
                if dose.duration_h == 0 and dose.time_h == stop:
                    modes = modes + column * dose.amount[:, None]
                elif dose.duration_h and dose.time_h == stop:
                    inflow = inflow + column * (dose.amount / dose.duration_h)[:, None]
                elif dose.duration_h and dose.time_h + dose.duration_h == stop:
                    inflow = inflow - column * (dose.amount / dose.duration_h)[:, None]
            start = stop
        return result

    def _advance(self, modes, inflow, elapsed) -> np.ndarray:
        """The modes after ``elapsed`` hours (an array) with constant ``inflow``: (p, n, t)."""
        rates = self.eigenvalues[:, :, None]
        growth = np.expm1(rates * elapsed[None, None, :])  # exp(λτ) - 1, exact near τ = 0
        return modes[:, :, None] * (growth + 1.0) + inflow[:, :, None] * growth / rates

    def _checked(self, dose: Dose) -> Dose:
        if not 0 <= dose.state < self.size:
            raise ValueError(f"A dose goes into compartment {dose.state}, but the model has "
                             f"compartments 0 to {self.size - 1}.")
        if not (np.isfinite(dose.time_h) and dose.time_h >= 0):
            raise ValueError(f"A dose time must be 0 h or later; got {dose.time_h!r}.")
        if not (np.isfinite(dose.duration_h) and dose.duration_h >= 0):
            raise ValueError(f"A dose duration must be 0 h or longer; got {dose.duration_h!r}.")
        amount = np.broadcast_to(np.asarray(dose.amount, dtype=float), (self.people,))
        if not np.all(np.isfinite(amount)) or np.any(amount < 0):
            raise ValueError("A dose amount must be a finite number of mg, 0 or more.")
        return dose._replace(amount=amount)
