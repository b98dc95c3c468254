"""Planning many activities at once: CP-SAT for the exact optimum, greedy beside it.

Every activity is scored against one snapshot of the roster (`roster_snapshot`, the same scoring
as `rank_experts`, on the same cached static roster), so a pair (activity, expert) is a candidate
exactly when the expert would be ranked for that activity. Each activity keeps its best
`candidates_per_activity` candidates (see `candidate_count`); CP-SAT then chooses among those
pairs. `PlanComparison.upper_bound` bounds the optimum over *all* candidate pairs (each
activity's best fits, ignoring the constraints between activities), so a plan within 1 % of it
is within 1 % of the exact optimum, pruning included.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from mieux.experts.activity_context import ActivityContext, date_window, load_activity_contexts
from mieux.experts.roster_snapshot import RosterSnapshot
from mieux.experts.roster_static import static_roster
from mieux.portfolio.models import Activity

SCALE = 10  # scores have one decimal: CP-SAT works on tenths of a point


@dataclass(frozen=True)
class Assignment:
    activity_id: int
    expert_id: int
    fit: float  # the matching score of this expert for this activity, 0 to 100


@dataclass(frozen=True)
class Plan:
    method: str  # "cp-sat" or "greedy"
    assignments: list[Assignment]
    total_fit: float
    bound: float | None  # the solver's proven upper bound on the total fit (None for greedy)
    optimal: bool  # proven optimal
    seconds: float


@dataclass(frozen=True)
class PlanComparison:
    exact: Plan
    greedy: Plan
    # Sum over activities of their best fits for the open places, over every candidate pair:
    # an upper bound of the exact optimum (the constraints between activities only lower it).
    upper_bound: float | None = None
    candidates_per_activity: int = 0
    pairs: int = 0  # candidate pairs given to the solvers, after pruning
    scoring_seconds: float = 0.0  # loading the roster and scoring every activity

    @property
    def greedy_gap_percent(self) -> float:
        """How far greedy falls short of the exact plan, in percent of the exact total."""
        if not self.exact.total_fit:
            return 0.0
        return 100.0 * (self.exact.total_fit - self.greedy.total_fit) / self.exact.total_fit

    @property
    def exact_gap_percent(self) -> float:
        """How far the exact plan may be from the true optimum, in percent of the upper bound."""
        if not self.upper_bound:
            return 0.0
        return 100.0 * (self.upper_bound - self.exact.total_fit) / self.upper_bound


def candidate_count(open_places: int) -> int:
    """Candidates kept per activity. An activity loses a kept candidate only to another
    activity on overlapping dates or in the same year; with four times the places plus eight
    to spare, the measured plans (docs/benchmarks.md) reach the upper bound computed over all
    pairs, so the pruning costs nothing there."""
    return 4 * open_places + 8


@dataclass
class Problem:
    contexts: list[ActivityContext]
    activity: np.ndarray  # index into contexts, per pair
    expert: np.ndarray  # snapshot position, per pair
    fit: np.ndarray  # score, per pair
    snapshot: RosterSnapshot
    upper_bound: float
    candidates_per_activity: int

    def places(self, activity: int) -> int:
        return self.contexts[activity].open_places


def build_problem(
    snapshot: RosterSnapshot,
    contexts: Sequence[ActivityContext],
    candidates_per_activity: int | None = None,
) -> Problem:
    activity_index, experts, fits = [], [], []
    upper_bound = 0.0
    widest = 0
    for index, context in enumerate(contexts):
        places = context.open_places
        if not places:
            continue
        evaluation = snapshot.evaluate(context)
        positions = np.flatnonzero(evaluation.eligible)
        scores = evaluation.score[positions]
        keep = candidates_per_activity or candidate_count(places)
        widest = max(widest, keep)
        if len(positions) > keep:
            best = np.argpartition(-scores, keep - 1)[:keep]
            positions, scores = positions[best], scores[best]
        ordered = np.lexsort((snapshot.expert_ids[positions], -scores))
        positions, scores = positions[ordered], scores[ordered]
        upper_bound += float(scores[:places].sum())
        activity_index.append(np.full(len(positions), index, dtype=np.int64))
        experts.append(positions)
        fits.append(scores)
    return Problem(
        contexts=list(contexts),
        activity=np.concatenate(activity_index) if activity_index else np.zeros(0, np.int64),
        expert=np.concatenate(experts) if experts else np.zeros(0, np.int64),
        fit=np.concatenate(fits) if fits else np.zeros(0),
        snapshot=snapshot,
        upper_bound=round(upper_bound, 1),
        candidates_per_activity=widest,
    )


def _cliques(intervals: list[tuple[int, int, int]]) -> list[list[int]]:
    """Maximal sets of pairwise overlapping intervals (start, end, pair), by a sweep line."""
    events = sorted(intervals)
    active: list[tuple[int, int]] = []  # (end, pair)
    cliques, grown = [], False
    for start, end, pair in events:
        still = [(e, p) for e, p in active if e >= start]
        if len(still) < len(active) and grown and len(active) > 1:
            cliques.append([p for _, p in active])
        if len(still) < len(active):
            grown = False
        active = [*still, (end, pair)]
        grown = True
    if grown and len(active) > 1:
        cliques.append([p for _, p in active])
    return cliques


def _remaining(problem: Problem, position: int, year: int) -> int | None:
    maximum = int(problem.snapshot.max_days[position])
    if maximum < 0:
        return None
    return maximum - int(problem.snapshot.used_days(year)[position])


def solve_exact(problem: Problem, time_limit: float, hint: Plan | None = None) -> Plan:
    started = time.perf_counter()
    model = cp_model.CpModel()
    chosen = [model.new_bool_var(f"x{i}") for i in range(len(problem.fit))]
    by_activity: dict[int, list[int]] = defaultdict(list)
    by_expert: dict[int, list[int]] = defaultdict(list)
    for pair, (activity, expert) in enumerate(zip(problem.activity, problem.expert, strict=True)):
        by_activity[int(activity)].append(pair)
        by_expert[int(expert)].append(pair)
    for activity, pairs in by_activity.items():
        if len(pairs) > problem.places(activity):
            model.add(sum(chosen[p] for p in pairs) <= problem.places(activity))
    contexts = problem.contexts
    for expert, pairs in by_expert.items():
        if len(pairs) < 2:
            continue
        intervals = [
            (
                contexts[problem.activity[p]].start.toordinal(),
                contexts[problem.activity[p]].end.toordinal(),
                p,
            )
            for p in pairs
        ]
        for clique in _cliques(intervals):
            model.add_at_most_one(chosen[p] for p in clique)
        by_year: dict[int, list[int]] = defaultdict(list)
        for p in pairs:
            by_year[contexts[problem.activity[p]].year].append(p)
        for year, year_pairs in by_year.items():
            left = _remaining(problem, expert, year)
            days = [contexts[problem.activity[p]].days for p in year_pairs]
            # Each pair alone fits (a hard constraint of matching); only sums can exceed.
            if left is not None and sum(days) > left:
                model.add(sum(d * chosen[p] for d, p in zip(days, year_pairs, strict=True)) <= left)
    fits = [round(float(f) * SCALE) for f in problem.fit]
    model.maximize(sum(f * x for f, x in zip(fits, chosen, strict=True)))
    if hint is not None:
        taken = {(a.activity_id, a.expert_id) for a in hint.assignments}
        for pair, x in enumerate(chosen):
            model.add_hint(x, _key(problem, pair) in taken)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 2
    solver.parameters.max_time_in_seconds = time_limit
    status = solver.solve(model)
    assignments = []
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        assignments = [_assignment(problem, p) for p, x in enumerate(chosen) if solver.value(x)]
    return Plan(
        method="cp-sat",
        assignments=assignments,
        total_fit=round(sum(a.fit for a in assignments), 1),
        bound=solver.best_objective_bound / SCALE if chosen else 0.0,
        optimal=status == cp_model.OPTIMAL,
        seconds=time.perf_counter() - started,
    )


def _key(problem: Problem, pair: int) -> tuple[int, int]:
    return (
        problem.contexts[problem.activity[pair]].id,
        int(problem.snapshot.expert_ids[problem.expert[pair]]),
    )


def _assignment(problem: Problem, pair: int) -> Assignment:
    activity_id, expert_id = _key(problem, pair)
    return Assignment(activity_id, expert_id, float(problem.fit[pair]))


def solve_greedy(problem: Problem) -> Plan:
    """Best fit first: take a pair whenever the plan so far still allows it."""
    started = time.perf_counter()
    contexts = problem.contexts
    expert_ids = problem.snapshot.expert_ids
    activity_ids = np.asarray([c.id for c in contexts], dtype=np.int64)
    order = np.lexsort((expert_ids[problem.expert], activity_ids[problem.activity], -problem.fit))
    filled: dict[int, int] = defaultdict(int)
    busy: dict[int, list[tuple[int, int]]] = defaultdict(list)
    spent: dict[tuple[int, int], int] = defaultdict(int)
    assignments = []
    for pair in order:
        activity, expert = int(problem.activity[pair]), int(problem.expert[pair])
        context = contexts[activity]
        if filled[activity] >= context.open_places:
            continue
        start, end = context.start.toordinal(), context.end.toordinal()
        if any(s <= end and e >= start for s, e in busy[expert]):
            continue
        left = _remaining(problem, expert, context.year)
        if left is not None and spent[expert, context.year] + context.days > left:
            continue
        filled[activity] += 1
        busy[expert].append((start, end))
        spent[expert, context.year] += context.days
        assignments.append(_assignment(problem, int(pair)))
    return Plan(
        method="greedy",
        assignments=assignments,
        total_fit=round(sum(a.fit for a in assignments), 1),
        bound=None,
        optimal=False,
        seconds=time.perf_counter() - started,
    )


def plan_activities(
    activities: Sequence[Activity],
    *,
    time_limit: float = 25.0,
    candidates_per_activity: int | None = None,
) -> PlanComparison:
    """Assign experts to the activities' open places, maximising the total fit."""
    started = time.perf_counter()
    contexts_by_id = load_activity_contexts(a.pk for a in activities)
    contexts = [contexts_by_id[a.pk] for a in activities if a.pk in contexts_by_id]
    if not contexts:
        empty = Plan("cp-sat", [], 0.0, 0.0, True, 0.0)
        return PlanComparison(exact=empty, greedy=Plan("greedy", [], 0.0, None, False, 0.0))
    start, end = date_window(contexts)
    snapshot = RosterSnapshot.load(static_roster(), start=start, end=end)
    problem = build_problem(snapshot, contexts, candidates_per_activity)
    scoring_seconds = time.perf_counter() - started
    greedy = solve_greedy(problem)
    # `time_limit` bounds the whole call: the solver gets what scoring left of it.
    remaining = max(1.0, time_limit - (time.perf_counter() - started))
    exact = solve_exact(problem, remaining, hint=greedy)
    return PlanComparison(
        exact=exact,
        greedy=greedy,
        upper_bound=problem.upper_bound,
        candidates_per_activity=problem.candidates_per_activity,
        pairs=len(problem.fit),
        scoring_seconds=scoring_seconds,
    )
