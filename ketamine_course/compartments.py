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
        weights = np.broadcast_to(np.asarray(observe, dtype=float), (self.people, self.size))
        return self.simulate_outputs(times_h, doses, weights[:, None, :])[:, 0, :]

    def simulate_outputs(self, times_h, doses, observe) -> np.ndarray:
        """Several read-outs at once: ``observe`` is (people, k, n); returns (people, k, times)."""
        times = np.asarray(times_h, dtype=float)
        if times.ndim != 1 or not np.all(np.isfinite(times)) or np.any(np.diff(times) < 0):
            raise ValueError("times_h must be finite times in hours, in increasing order.")
        weights = np.asarray(observe, dtype=float)
        if weights.ndim != 3 or weights.shape[0] != self.people or weights.shape[2] != self.size:
            raise ValueError(f"observe must have shape (people, outputs, {self.size}); "
                             f"got {weights.shape}.")
        readout = np.einsum("pkn,pnm->pkm", weights, self.vectors)  # observe·V, per mode
        # What changes at each breakpoint: boluses added to the modes, and infusion rates
        # switched on or off (V⁻¹·e_j per person, times the amount or the rate).
        jumps: dict[float, np.ndarray] = {}
        switches: dict[float, np.ndarray] = {}
        for dose in map(self._checked, doses):
            column = self.inverse[:, :, dose.state]
            if not dose.duration_h:
                change = column * dose.amount[:, None]
                jumps[dose.time_h] = jumps.get(dose.time_h, 0) + change
                continue
            rate = column * (dose.amount / dose.duration_h)[:, None]
            end = dose.time_h + dose.duration_h
            switches[dose.time_h] = switches.get(dose.time_h, 0) + rate
            switches[end] = switches.get(end, 0) - rate
        result = np.zeros((self.people, weights.shape[1], times.size))
        modes = np.zeros((self.people, self.size))  # z = V⁻¹·x at the start of the piece
        inflow = np.zeros((self.people, self.size))  # V⁻¹·u while inputs are constant
        start = 0.0
        for stop in [*sorted(jumps.keys() | switches.keys()), np.inf]:
            first, last = np.searchsorted(times, [start, stop])  # times in [start, stop)
            if last > first:
                growth, settled = self._advance(modes, inflow, times[first:last] - start)
                result[:, :, first:last] = (readout @ growth
                                            + (readout @ settled[:, :, None]))
            if stop == np.inf:
                break
            growth, settled = self._advance(modes, inflow, np.array([stop - start]))
            modes = growth[:, :, 0] + settled + jumps.get(stop, 0)
            inflow = inflow + switches.get(stop, 0)
            start = stop
        return result

    def _advance(self, modes, inflow, elapsed) -> tuple[np.ndarray, np.ndarray]:
        """The modes ``elapsed`` hours on (an array) with constant ``inflow``, in two parts.

        z(τ) = z·e^{λτ} + v·(e^{λτ} - 1)/λ = (z + v/λ)·(e^{λτ} - 1) + z: returns the first
        term, (people, n, times), and z, (people, n); expm1 keeps small τ exact.
        """
        rates = self.eigenvalues
        growth = np.expm1(rates[:, :, None] * elapsed[None, None, :])
        growth *= (modes + inflow / rates)[:, :, None]
        return growth, modes

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
