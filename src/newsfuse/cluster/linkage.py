"""Average-link agglomeration over a sparse similarity graph, with locked groups.

Average link (the mean similarity between all members of two clusters) resists the
chaining that single link suffers on news: one round-up article mentioning two events no
longer glues them together. Pairs absent from the graph count as similarity 0, so only
pairs that share something are ever stored: cost follows the graph, not n².

Locked groups are existing stories: they may absorb new articles but never merge with each
other (a story, once formed, keeps its id and its members).

An absolute threshold cannot serve every topic: two events of one kind may be more alike
than the halves of a loosely told event. So, optionally, two clusters that are both big
enough to judge merge only if their mean similarity is at least `cohesion_ratio` of their
mean cohesion (the mean similarity of the pairs inside each).
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence

__all__ = ["average_link"]


def average_link(
    size: int,
    similarity: Mapping[tuple[int, int], float],
    *,
    threshold: float,
    locked: Sequence[Sequence[int]] = (),
    cohesion_ratio: float = 0.0,
    cohesion_min_size: int = 3,
    anchors: Sequence[float] | None = None,
) -> list[list[int]]:
    """Clusters of nodes 0..size-1, merging while the best average similarity ≥ threshold.

    With `cohesion_ratio` above 0, two clusters of `cohesion_min_size` nodes or more also
    need a mean similarity of at least that share of the mean of their two cohesions. The
    result depends only on the graph, never on the order pairs were given: ties go to the
    pair with the smallest node indices. Clusters come back sorted by smallest member.

    With `anchors` (one per node), two clusters too small for the cohesion test (both
    under `cohesion_min_size`) merge only if some pair across them is at least as similar
    as the lower of their anchors (a cluster's is its members' lowest): a mean just over
    the threshold made of faint resemblances (the template every report of one kind
    shares: "police said", "was pronounced dead") is no reason to join.
    """
    judged = max(cohesion_min_size, 2)  # a single node has no cohesion
    cluster_of = list(range(size))
    members: dict[int, list[int]] = {node: [node] for node in range(size)}
    is_locked: dict[int, bool] = dict.fromkeys(range(size), False)
    anchor: dict[int, float] = dict(enumerate(anchors)) if anchors is not None else {}
    for group in locked:
        if not group:
            continue
        root = min(group)
        for node in group:
            if node != root:
                members.pop(node)
                is_locked.pop(node)
                cluster_of[node] = root
                if anchor:
                    anchor[root] = min(anchor[root], anchor.pop(node))
        members[root] = sorted(group)
        is_locked[root] = True
    # Sum of similarities between every two clusters that share an edge.
    sums: dict[int, dict[int, float]] = {root: {} for root in members}
    # The strongest pair between every two clusters that share an edge.
    strongest: dict[int, dict[int, float]] = {root: {} for root in members}
    for (first, second), value in similarity.items():
        a, b = cluster_of[first], cluster_of[second]
        if a == b:
            continue
        sums[a][b] = sums[a].get(b, 0.0) + value
        sums[b][a] = sums[b].get(a, 0.0) + value
        if anchor:
            strongest[a][b] = strongest[b][a] = max(strongest[a].get(b, value), value)
    # Sum of similarities inside each cluster (its cohesion is the mean over its pairs).
    inner: dict[int, float] = dict.fromkeys(members, 0.0)
    if cohesion_ratio:
        for (first, second), value in similarity.items():
            if cluster_of[first] == cluster_of[second] and first != second:
                inner[cluster_of[first]] += value

    def cohesion(root: int) -> float:
        size = len(members[root])
        return inner[root] / (size * (size - 1) / 2)

    version = dict.fromkeys(members, 0)
    heap: list[tuple[float, int, int, int, int]] = []

    def push(a: int, b: int) -> None:
        if is_locked[a] and is_locked[b]:
            return
        mean = sums[a][b] / (len(members[a]) * len(members[b]))
        if mean < threshold:
            return
        if (
            cohesion_ratio
            and len(members[a]) >= judged
            and len(members[b]) >= judged
            and mean < cohesion_ratio * (cohesion(a) + cohesion(b)) / 2
        ):
            return
        if (
            anchor
            and strongest[a][b] < min(anchor[a], anchor[b])
            and max(len(members[a]), len(members[b])) < judged
        ):
            return
        low, high = (a, b) if a < b else (b, a)
        heapq.heappush(heap, (-mean, low, high, version[low], version[high]))

    for a, neighbours in sums.items():
        for b in neighbours:
            if a < b:
                push(a, b)
    while heap:
        _, a, b, version_a, version_b = heapq.heappop(heap)
        if version.get(a) != version_a or version.get(b) != version_b:
            continue  # stale: one side has merged since this pair was scored
        # Merge b into a (a < b, so each cluster stays named by its smallest member).
        inner[a] += inner.pop(b) + sums[a][b]
        members[a].extend(members.pop(b))
        is_locked[a] = is_locked[a] or is_locked.pop(b)
        if anchor:
            anchor[a] = min(anchor[a], anchor.pop(b))
        version.pop(b)
        version[a] += 1
        merged = sums.pop(b)
        merged.pop(a, None)
        own = sums[a]
        own.pop(b, None)
        for other, value in merged.items():
            own[other] = own.get(other, 0.0) + value
        if anchor:
            merged_strongest = strongest.pop(b)
            merged_strongest.pop(a, None)
            own_strongest = strongest[a]
            own_strongest.pop(b, None)
            for other, value in merged_strongest.items():
                own_strongest[other] = max(own_strongest.get(other, value), value)
        a_locked = is_locked[a]
        for other in own:
            theirs = sums[other]
            theirs[a] = own[other]
            theirs.pop(b, None)
            if anchor:
                strongest[other][a] = strongest[a][other]
                strongest[other].pop(b, None)
            if not (a_locked and is_locked[other]):  # two stories never merge
                push(a, other)
    return sorted((sorted(group) for group in members.values()), key=lambda g: g[0])
