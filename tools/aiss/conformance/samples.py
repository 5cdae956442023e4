"""Per-sample scores as running aggregates: checked a block of records at a time, counted into
per-item arrays, never held.

A submission may carry millions of sample records, inline (`runs[].samples`) or in a JSON
Lines file beside it. Records are checked against the same rules as `SampleRecord` (a
pydantic object per record would cost more than parsing the file) and fed, a block at a time,
into a `RunSamples` table. A block of plain records (an id, an epoch, a letter or number
score) is checked and counted by whole-block operations; a block with anything else in it is
checked record by record, for the messages. Either way a record is refused or counted exactly
as if the records had come one at a time, in order.

What a table keeps is what the checks need, per item (canonical id: `1` and `"1"` are one
item), in numpy arrays indexed by the item's number (the order items first appeared):

* its id, interned once in `ItemIds` (the UTF-8 bytes in one buffer, and a 4-byte hash key
  in an open-addressing table; a key shared by two ids is told apart by the bytes, never
  merged); the table is let go of once a table is read through (`close`);
* whether the id was written as an integer (the twin written the other way is refused), and a
  bitmask of the epochs seen (epochs above 63 in a set), for the duplicate check; 1 byte an
  item while every epoch is below 8;
* the number of scored epochs and their exact sum (`_Sums`: what `math.fsum` gives), which
  the mean and the clustered interval need; on request (`Keep`), the number of scores of 1
  or more (pass@k, at_least_k) and the highest score (max);
* running counts: records, refusals, errors, scored records.

So a table of 1,000,000 items with ids of 7 characters costs about 21 MB (and 8 MB more for
the lookup table while records are added), however many epochs they have, and nothing per
record. Reducers that need every epoch's value (median, mode) and the comparison of scores
with a log's need the records themselves: a table asked to `Keep(records=True)` also keeps
each record's item, epoch and score (24 bytes a record).
"""

from __future__ import annotations

import hashlib
import math
import operator
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise, repeat
from typing import TYPE_CHECKING, Any, TypeVar, cast

import numpy as np

if TYPE_CHECKING:  # numpy.typing costs ~70 ms to import (its literal types): never at run time
    from numpy.typing import NDArray

T = TypeVar("T")

SCORE_VALUES = {"C": 1.0, "I": 0.0, "P": 0.5, "N": 0.0}
"""Inspect's categorical scores as numbers; `N` (no answer) is a refusal and counts as 0."""
RECORD_KEYS = frozenset({"id", "epoch", "score", "refusal", "error", "scorer"})
MAX_PROBLEMS = 20
"""Problems reported per source; the rest are counted in one final message."""
BLOCK = 16_384
"""Records checked and counted together by `add_records`."""
CHUNK = 65_536
"""Items read together from a table's arrays, so that no copy of a whole array is made."""
_BITS = 63
"""Epochs 1..63 are marked in one 64-bit mask per item (bit 0: the id was an integer); higher
ones in a set."""

if TYPE_CHECKING:
    Floats = NDArray[np.float64]
    Ints = NDArray[np.int64]
    Bools = NDArray[np.bool_]


def canonical(sid: str | int) -> str:
    """An item id as the one key it is: `1` and `"1"` are the same item."""
    return sid if type(sid) is str else str(sid)


def ids_sha256(ids: Iterable[str | int]) -> str:
    """`sample_ids_sha256` of a dataset: the sha256 of its item ids (canonical), sorted, one per
    line."""
    joined = "\n".join(sorted(map(canonical, ids)))
    return hashlib.sha256(joined.encode("utf-8", "surrogatepass")).hexdigest()


def _encoded(names: Sequence[str]) -> tuple[bytes, Ints]:
    """The UTF-8 bytes of `names`, one after the other, and the length of each."""
    joined = "".join(names)
    if joined.isascii():  # a character a byte
        return joined.encode("ascii"), np.fromiter(map(len, names), np.int64, len(names))
    # surrogatepass: a lone surrogate (which YAML escapes can give) stays one exact id
    encoded = list(map(str.encode, names, repeat("utf-8"), repeat("surrogatepass")))
    return b"".join(encoded), np.fromiter(map(len, encoded), np.int64, len(encoded))


class _Column:
    """A numpy array that grows at its end (by a quarter, so the slack stays small)."""

    def __init__(self, dtype: type[np.generic], fill: float | int = 0) -> None:
        self.data: NDArray[Any] = np.zeros(0, dtype)
        self.fill = fill
        self.n = 0

    @property
    def view(self) -> NDArray[Any]:
        return self.data[: self.n]

    def grow(self, n: int) -> None:
        """Make it `n` long, new entries `fill`."""
        if n > len(self.data):
            size = max(n, len(self.data) + len(self.data) // 4 + 1024)
            try:  # in place (realloc), so that no freed copy is left behind
                self.data.resize(size, refcheck=True)
            except ValueError:  # a view of it is held: a copy, then
                self.data = np.resize(self.data, size)
            self.data[self.n :] = self.fill
        self.n = n

    def extend(self, values: NDArray[Any]) -> None:
        start = self.n
        self.grow(start + len(values))
        self.data[start : self.n] = values

    def widen(self, dtype: type[np.generic]) -> None:
        if self.data.dtype != dtype:
            self.data = self.data.astype(dtype)


def _same_bytes(
    buf_a: NDArray[np.uint8],
    starts_a: Ints,
    buf_b: NDArray[np.uint8],
    starts_b: Ints,
    lengths: Ints,
) -> Bools:
    """For each i: buf_a[starts_a[i]:][:lengths[i]] == buf_b[starts_b[i]:][:lengths[i]]
    (every length at least 1)."""
    if not len(lengths):
        return np.zeros(0, np.bool_)
    firsts = np.cumsum(lengths) - lengths
    within = np.arange(int(lengths.sum()), dtype=np.int64) - np.repeat(firsts, lengths)
    equal = (
        buf_a[np.repeat(starts_a, lengths) + within] == buf_b[np.repeat(starts_b, lengths) + within]
    )
    return np.logical_and.reduceat(equal, firsts)


class ItemIds:
    """Canonical item ids interned as numbers 0, 1, 2... in the order they first came.

    Each id's UTF-8 bytes are appended to one buffer (`_blob`, with `_ends`), and its 4-byte
    key (the low 32 bits of `hasher` of the id: Python's own string hash, randomised per
    process) to `_keys`; an open-addressing table (`_table`, double hashing, at most half
    full) maps a key to its item. So a million ids cost their bytes and about 16 bytes each.
    A key is never taken for the id: the item it leads to is the id's only when the bytes
    are the same. An id whose key another id already has (about n^2 / 2^33 of n ids: 116
    of a million; or as many as an adversary who knows the hash wants) is kept in
    `_collided`, by its text. `hasher` is a parameter so that tests can force collisions."""

    def __init__(self, hasher: Callable[[str], int] = hash) -> None:
        self.hasher = hasher
        self._keys = _Column(np.uint32)
        self._table: NDArray[np.int32] | None = None
        """Built when first needed (and again after `close`)."""
        self._blob = _Column(np.uint8)
        self._ends = _Column(np.uint32)
        """Where each id's bytes end in `_blob` (after a 0): 32 bits while the ids fit in 4 GiB."""
        self._ends.extend(np.zeros(1, np.int64))
        self._collided: dict[str, int] = {}

    def __len__(self) -> int:
        return self._ends.n - 1

    def name(self, number: int) -> str:
        ends = self._ends.data
        raw = self._blob.data[int(ends[number]) : int(ends[number + 1])].tobytes()
        return raw.decode("utf-8", "surrogatepass")

    def names(self) -> list[str]:
        """Every id, by number."""
        blob = self._blob.view.tobytes()
        ends = self._ends.view.tolist()
        return [blob[a:b].decode("utf-8", "surrogatepass") for a, b in pairwise(ends)]

    def close(self) -> None:
        """No more ids for now: let go of the table (built again from the keys if more come)."""
        self._table = None

    def _find(self, keys: Ints) -> Ints:
        """The item each key has in the table, -1 where it has none."""
        table, item_keys = self._room(0), self._keys.data
        mask = len(table) - 1
        found = np.full(len(keys), -1, np.int64)
        slot, step = keys & mask, _step(keys, mask)
        pending = np.arange(len(keys))
        while len(pending):
            there = table[slot[pending]].astype(np.int64)
            full = there >= 0
            match = np.zeros(len(pending), np.bool_)
            match[full] = item_keys[there[full]] == keys[pending[full]]
            found[pending[match]] = there[match]
            pending = pending[full & ~match]
            slot[pending] = (slot[pending] + step[pending]) & mask
        return found

    def _place(self, keys: Ints, numbers: Ints) -> None:
        """Put `keys` (distinct, none in the table) in the table, for the items `numbers`."""
        table = self._room(0)
        mask = len(table) - 1
        slot, step = keys & mask, _step(keys, mask)
        pending = np.arange(len(keys))
        while len(pending):
            at = slot[pending]
            free = table[at] < 0
            table[at[free]] = numbers[pending[free]]  # of several for one slot, one is kept
            won = np.zeros(len(pending), np.bool_)
            won[free] = table[at[free]] == numbers[pending[free]]
            pending = pending[~won]
            slot[pending] = (slot[pending] + step[pending]) & mask

    def _room(self, more: int) -> NDArray[np.int32]:
        """The table, with room for `more` items more, at most half full."""
        size = len(self._table) if self._table is not None else 1 << 12
        need = len(self) + more
        if self._table is not None and need * 2 <= size:
            return self._table
        while need * 2 > size:
            size *= 2
        self._table = table = np.full(size, -1, np.int32)
        collided = np.array(sorted(self._collided.values()), np.int64)
        for start in range(0, len(self), CHUNK):  # a chunk at a time: no whole-size copies
            numbers = np.arange(start, min(start + CHUNK, len(self)), dtype=np.int64)
            if len(collided):
                numbers = numbers[~np.isin(numbers, collided)]
            self._place(self._keys.view[numbers].astype(np.int64), numbers)
        return table

    def numbers(self, names: Sequence[str]) -> tuple[Ints, Bools]:
        """The number of each name (numbering new ones in the order they come), and which
        of them is the first record of an item new here."""
        m = len(names)
        keys = np.fromiter(map(self.hasher, names), np.int64, m) & 0xFFFFFFFF
        number = self._find(keys)
        joined, lengths = _encoded(names)
        buf = np.frombuffer(joined, np.uint8)
        starts = np.cumsum(lengths) - lengths
        odd = np.zeros(m, np.bool_)
        # known keys: the same id only if the same bytes
        hit = np.flatnonzero(number >= 0)
        if len(hit):
            ends = self._ends.data
            items = number[hit]
            begin = ends[items].astype(np.int64)
            same = (ends[items + 1] - begin) == lengths[hit]
            check = hit[same]
            same[same] = _same_bytes(
                buf, starts[check], self._blob.data, begin[same], lengths[check]
            )
            odd[hit[~same]] = True
            del ends  # no reference left, so that the arrays grow in place
        # new keys: one new item if the bytes are those of the key's first record
        first_of = np.full(m, -1, np.int64)
        miss = np.flatnonzero(number < 0)
        group_keys = np.zeros(0, np.int64)
        group_leaders = np.zeros(0, np.int64)
        if len(miss):
            group_keys, first, inverse = np.unique(
                keys[miss], return_index=True, return_inverse=True
            )
            group_leaders = miss[first]
            first_of[miss] = group_leaders[inverse.ravel()]
            later = miss[first_of[miss] != miss]
            if len(later):
                lead = first_of[later]
                same = lengths[later] == lengths[lead]
                check = later[same]
                same[same] = _same_bytes(
                    buf, starts[check], buf, starts[first_of[check]], lengths[check]
                )
                odd[later[~same]] = True
                first_of[later[~same]] = -1
        # ids whose key belongs to another id: by their text, in record order
        new_odd: dict[str, int] = {}
        for i in np.flatnonzero(odd).tolist():
            name = names[i]
            known = self._collided.get(name)
            if known is not None:
                number[i] = known
            else:
                first_of[i] = new_odd.setdefault(name, i)
        # number the new items in the order they first came
        leaders = np.flatnonzero(first_of == np.arange(m))
        is_first = np.zeros(m, np.bool_)
        if len(leaders):
            base = len(self)
            fresh = np.full(m, -1, np.int64)
            fresh[leaders] = np.arange(base, base + len(leaders), dtype=np.int64)
            new = first_of >= 0
            number[new] = fresh[first_of[new]]
            is_first[leaders] = True
            self._room(len(group_keys))
            self._keys.extend(keys[leaders])
            if len(group_keys):
                self._place(group_keys, number[group_leaders])
            for i in new_odd.values():
                self._collided[names[i]] = int(number[i])
            lens = lengths[leaders]
            self._blob.extend(buf[np.repeat(starts[leaders], lens) + _within(lens)])
            last = int(self._ends.data[self._ends.n - 1])
            if last + int(lens.sum()) > np.iinfo(np.uint32).max:
                self._ends.widen(np.int64)
            self._ends.extend(last + np.cumsum(lens))
        return number, is_first


def _numbers(ids: ItemIds, names: list[str]) -> tuple[Ints, Bools]:
    """`ids.numbers(names)`, looked up once for each run of equal names one after the other
    (an item's epochs are often on consecutive lines)."""
    m = len(names)
    if m < 2:
        return ids.numbers(names)
    again = np.fromiter(map(operator.eq, names[1:], names[:-1]), np.bool_, m - 1)
    if not again.any():
        return ids.numbers(names)
    starts = np.ones(m, np.bool_)
    starts[1:] = ~again
    heads = np.flatnonzero(starts)
    numbers, first = ids.numbers([names[i] for i in heads.tolist()])
    run = np.cumsum(starts) - 1
    is_first = np.zeros(m, np.bool_)
    is_first[heads] = first
    return numbers[run], is_first


def _step(keys: Ints, mask: int) -> Ints:
    """Each key's probe step (double hashing: few and short probe runs, whatever the load):
    odd, so that the steps from a slot reach every slot of a table of 2^k."""
    return ((keys >> 11) ^ (keys >> 23)) & mask | 1


def _within(lengths: Ints) -> Ints:
    """0..len-1 for each length, one after the other."""
    firsts = np.cumsum(lengths) - lengths
    return np.arange(int(lengths.sum()), dtype=np.int64) - np.repeat(firsts, lengths)


class _Sums:
    """Each item's exact sum of scores, as `math.fsum` of them gives it: in 4 bytes an item
    while every score is 0, 1/2 or 1 and no item has more than 63 epochs (a sum of at most 63
    halves, which a 32-bit float holds exactly), in 8 while the sums are exact in one float,
    and in 16 (a double-double, hi + lo) after the first that is not; an item whose sum a
    double-double cannot hold exactly keeps its values from then on (`spill`), for
    `math.fsum`."""

    def __init__(self) -> None:
        self.hi = _Column(np.float32)
        self.lo: _Column | None = None
        self.spill: dict[int, list[float]] = {}
        self.plain = True
        """Every value added so far was a multiple of 1/2 of at most 2^20 (`halves`)."""

    def widen(self) -> None:
        """Sums in 64-bit floats from now on (exactly the same values)."""
        self.hi.widen(np.float64)

    def grow(self, n: int) -> None:
        self.hi.grow(n)
        if self.lo is not None:
            self.lo.grow(n)

    def add(self, items: Ints, values: Floats) -> None:
        """Add `values[i]` to item `items[i]` (no item twice)."""
        with np.errstate(all="ignore"):  # an overflow is found below, and spilled
            self._add(items, values)

    def _add(self, items: Ints, values: Floats) -> None:
        self.widen()
        hi = self.hi.data
        h = hi[items]
        s = h + values
        bp = s - h
        e = (h - (s - bp)) + (values - bp)  # TwoSum: s + e == h + x exactly
        if self.lo is None:
            if np.all(e == 0.0) and np.all(np.isfinite(s)):
                hi[items] = s
                return
            self.lo = _Column(np.float64)
            self.lo.grow(self.hi.n)
        lo = self.lo.data
        low = lo[items]
        t = low + e
        bq = t - low
        f = (low - (t - bq)) + (e - bq)  # t == low + e exactly when f == 0
        u = s + t
        bu = u - s
        w = (s - (u - bu)) + (t - bu)  # u + w == s + t exactly
        ok = (f == 0.0) & np.isfinite(u) & np.isfinite(w) & np.isfinite(e)
        hi[items[ok]] = u[ok]
        lo[items[ok]] = w[ok]
        bad = np.flatnonzero(~ok)
        if len(bad):
            for item, before, below, x in zip(
                items[bad].tolist(),
                h[bad].tolist(),
                low[bad].tolist(),
                values[bad].tolist(),
                strict=True,
            ):
                kept = self.spill.get(item)
                if kept is None:  # hi + lo was the exact sum so far
                    self.spill[item] = [before, below, x]
                else:
                    kept.append(x)
            hi[items[bad]] = math.nan

    def halves(self, values: Floats) -> bool:
        """Every value a multiple of 1/2 below 2^20, and every sum so far exact in one
        float: then any sums of them are exact, in any order."""
        return (
            self.lo is None
            and not self.spill
            and bool(np.all((values * 2.0 == np.floor(values * 2.0)) & (np.abs(values) < 2.0**20)))
        )

    def add_halves(self, items: Ints, values: Floats) -> None:
        """Add values that `halves` accepted (an item may come several times)."""
        np.add.at(self.hi.data, items, values)

    def totals(self, span: slice) -> Floats:
        """The sums of the items in `span`, NaN where one is not a finite number (a sum
        beyond the float range)."""
        out = self.hi.view[span].astype(np.float64)
        if self.lo is not None:
            out += self.lo.view[span]
        for item, values in self.spill.items():
            if not span.start <= item < span.stop:
                continue
            try:
                out[item - span.start] = math.fsum(values)
            except (OverflowError, ValueError):
                out[item - span.start] = math.nan
        with np.errstate(invalid="ignore"):
            out[~np.isfinite(out)] = math.nan
        return out


@dataclass(frozen=True)
class Keep:
    """What a table keeps beyond its counts, its items' ids, epochs and sums: all of it by
    default; the check asks only for what the standard's metrics and the run's log need
    (`recompute.keep_for`)."""

    hits: bool = True
    """Per item, the scored values of 1 or more (pass_at_k, at_least_k)."""
    top: bool = True
    """Per item, the highest scored value (max)."""
    records: bool = True
    """Every record's item, epoch and score (median, mode; scores compared with a log's)."""


KEEP_ALL = Keep()


def _rounds(items: Ints) -> Iterator[Ints]:
    """Positions of `items` in rounds in which no item comes twice, each item's in order."""
    if not len(items):
        return
    order = np.argsort(items, kind="stable")
    ranked = items[order]
    new = np.ones(len(ranked), np.bool_)
    new[1:] = ranked[1:] != ranked[:-1]
    starts = np.flatnonzero(new)
    rank = np.arange(len(ranked)) - np.repeat(starts, np.diff(np.append(starts, len(ranked))))
    if int(rank.max()) == 0:
        yield order
        return
    for r in range(int(rank.max()) + 1):
        yield np.sort(order[rank == r])


class RunSamples:
    """The sample records of one run: those of its sample scorer here, those of each other
    scorer in `others`. Filled by `Records.add_block` (or `add_records`)."""

    def __init__(
        self, source: str = "", *, keep: Keep = KEEP_ALL, hasher: Callable[[str], int] = hash
    ) -> None:
        self.source = source
        """Where the records came from: `inline`, the samples file's path, or the log's."""
        self.keep = keep
        self.refusals = 0
        self.errors = 0
        self.scored = 0
        """Records with a score."""
        self.others: dict[str, RunSamples] = {}
        """Scorer -> the records of another scorer of the same run."""
        self._records = 0
        self._ids = ItemIds(hasher)
        self._mask = _Column(np.uint8)
        """Per item: bit 0 when its id was written as an integer, bit e when epoch e was seen."""
        self._high: set[tuple[int, int]] = set()
        """(item, epoch) of the epochs above 63."""
        self._scored = _Column(np.uint8)
        """Per item: its scored records (8 bits while no epoch is above 63)."""
        self._sums = _Sums()
        self._hits = _Column(np.uint8) if keep.hits else None
        self._top = _Column(np.float64, -math.inf) if keep.top else None
        self._item: array[int] | None = array("q") if keep.records else None
        self._epoch: array[int] | list[int] | None = array("q") if keep.records else None
        """64-bit while every epoch fits (a plain list after one that does not)."""
        self._score: array[float] | None = array("d") if keep.records else None
        self._memo: dict[str, Any] = {}

    # --- what the checks read -----------------------------------------------------------------

    def __len__(self) -> int:
        return self._records

    @property
    def n_items(self) -> int:
        """Distinct items, canonical (`1` and `"1"` count once)."""
        return len(self._ids)

    def name(self, item: int) -> str:
        """The canonical id of item number `item`."""
        return self._ids.name(item)

    def items(self) -> set[str]:
        """Distinct item ids, canonical (`1` and `"1"` count once)."""
        return set(self._ids.names())

    def _cached(self, name: str, compute: Callable[[], T]) -> T:
        key = f"{name}@{self._records}"
        if key not in self._memo:
            self._memo[key] = compute()
        return cast(T, self._memo[key])

    def _span(self, start: int, stop: int | None) -> slice:
        return slice(start, self.n_items if stop is None else min(stop, self.n_items))

    def epoch_counts(self, start: int = 0, stop: int | None = None) -> Ints:
        """Per item numbered `start` to `stop` (all by default): the records it has."""
        span = self._span(start, stop)
        counts = np.bitwise_count(self._mask.view[span] >> 1).astype(np.int64)
        for item, _ in self._high:
            if span.start <= item < span.stop:
                counts[item - span.start] += 1
        return cast("Ints", counts)

    def epoch_range(self) -> tuple[int, int]:
        """The fewest and the most records an item has; (0, 0) without items."""
        low, high = 0, 0
        for start in range(0, self.n_items, CHUNK):
            counts = self.epoch_counts(start, start + CHUNK)
            low = int(counts.min()) if start == 0 else min(low, int(counts.min()))
            high = max(high, int(counts.max()))
        return low, high

    def beyond(self, epochs: int) -> tuple[int, tuple[str, int] | None]:
        """How many records are at an epoch above `epochs`, and the first of them in (item,
        epoch) order; from the items' epoch bits, whether or not the records are kept."""
        count = 0
        found: list[tuple[str, int]] = []  # the first of each chunk's, at most
        names: list[str] | None = None
        for start in range(0, self.n_items if epochs < _BITS else 0, CHUNK):
            bits = self._mask.view[start : start + CHUNK].astype(np.uint64)
            over = bits >> np.uint64(epochs + 1)  # bit j: epoch `epochs + 1 + j`
            count += int(np.bitwise_count(over).sum())
            hit = np.flatnonzero(over)
            if len(hit):
                names = names or self._ids.names()
                found.append(
                    min(
                        (names[start + i], epochs + (v & -v).bit_length())  # its lowest
                        for i, v in zip(hit.tolist(), over[hit].tolist(), strict=True)
                    )
                )
        high = [(item, e) for item, e in self._high if e > epochs]
        if high:
            names = names or self._ids.names()
            found.append(min((names[item], e) for item, e in high))
        return count + len(high), min(found) if found else None

    def scored_counts(self, start: int = 0, stop: int | None = None) -> Ints:
        """Per item: its scored records."""
        return self._scored.view[self._span(start, stop)].astype(np.int64)

    def sums(self, start: int = 0, stop: int | None = None) -> Floats:
        """Per item: the exact sum of its scores (`math.fsum`), NaN when that is not a finite
        number."""
        return self._sums.totals(self._span(start, stop))

    def hits(self, start: int = 0, stop: int | None = None) -> Ints:
        """Per item: its scored values of 1 or more (`Keep.hits`)."""
        if self._hits is None:
            raise ValueError("this table does not keep the scores of 1 or more")
        return self._hits.view[self._span(start, stop)].astype(np.int64)

    def tops(self, start: int = 0, stop: int | None = None) -> Floats:
        """Per item: its highest score, -inf when none (`Keep.top`)."""
        if self._top is None:
            raise ValueError("this table does not keep the highest scores")
        return cast("Floats", self._top.view[self._span(start, stop)].copy())

    def item_means(self) -> dict[str, float]:
        """Canonical item id -> the mean of its scores (items without a score left out)."""
        names = self._ids.names()
        out: dict[str, float] = {}
        for start in range(0, self.n_items, CHUNK):
            n = self.scored_counts(start, start + CHUNK)
            has = np.flatnonzero(n > 0)
            means = self.sums(start, start + CHUNK)[has] / n[has]
            out.update(zip([names[start + i] for i in has.tolist()], means.tolist(), strict=True))
        return out

    # --- the records, where they are kept -----------------------------------------------------

    def _kept(self) -> tuple[array[int], array[int] | list[int], array[float]]:
        if self._item is None or self._epoch is None or self._score is None:
            raise ValueError("this table counts its records and does not keep them")
        return self._item, self._epoch, self._score

    @property
    def ids(self) -> list[str | int]:
        """Every record's item id, as written (`1` or `"1"`), in record order."""
        items, _, _ = self._kept()
        names, mask = self._ids.names(), self._mask.view.tolist()
        return [int(names[i]) if mask[i] & 1 else names[i] for i in items]

    @property
    def epochs(self) -> list[int]:
        return list(self._kept()[1])

    @property
    def scores(self) -> list[float | None]:
        """Numeric score per record; None for an unscored or errored sample."""
        return [None if s != s else s for s in self._kept()[2]]

    def records(self) -> Iterator[tuple[str, int, float | None]]:
        """(canonical item id, epoch, score or None) of every record, in record order."""
        items, epochs, scores = self._kept()
        names = self._ids.names()
        for i, e, s in zip(items, epochs, scores, strict=True):
            yield names[i], e, (None if s != s else s)

    def epochs_per_item(self) -> dict[str, int]:
        """Canonical item id -> the number of records (epochs) it has."""
        return dict(zip(self._ids.names(), self.epoch_counts().tolist(), strict=True))

    def by_key(self) -> dict[tuple[str, int], float | None]:
        """(canonical item id, epoch) -> score (None: unscored or errored; do not change it)."""
        return self._cached("by_key", lambda: {(s, e): v for s, e, v in self.records()})

    def by_item(self) -> dict[str, list[float]]:
        """Item id -> its scored values, in epoch order; unscored samples left out (do not
        change it)."""
        return self._cached("by_item", self._by_item)

    def _by_item(self) -> dict[str, list[float]]:
        items, epochs, scores = self._kept()
        per: list[list[tuple[int, float]] | None] = [None] * self.n_items
        for i, e, s in zip(items, epochs, scores, strict=True):
            if s == s:
                pairs = per[i]
                if pairs is None:
                    per[i] = [(e, s)]
                else:
                    pairs.append((e, s))
        names = self._ids.names()
        return {names[i]: [v for _, v in sorted(pairs)] for i, pairs in enumerate(per) if pairs}

    def close(self) -> None:
        """Reading is over for now: let go of what only adding records needs (the ids'
        lookup table, 4 bytes an item and as much again free; made again if records come)."""
        self._ids.close()
        for other in self.others.values():
            other.close()

    def scorer_table(self, scorer: str) -> RunSamples:
        found = self.others.get(scorer)
        if found is None:
            found = self.others[scorer] = RunSamples(
                self.source, keep=self.keep, hasher=self._ids.hasher
            )
        return found

    # --- taking records -----------------------------------------------------------------------

    def take(self, rows: Rows) -> list[RecordProblem]:
        """Count the valid records `rows` in order, refusing a twin (`1` after `"1"`, or the
        other way) and a repeated (item, epoch); the problems, in record order."""
        m = len(rows.index)
        if not m:
            return []
        names = rows.names
        items, is_first = _numbers(self._ids, names)
        n = len(self._ids)
        old = self._mask.n
        self._mask.grow(n)
        self._scored.grow(n)
        self._sums.grow(n)
        if self._hits is not None:
            self._hits.grow(n)
        if self._top is not None:
            self._top.grow(n)
        mask = self._mask.data
        if n > old:
            first = np.flatnonzero(is_first)
            mask[items[first]] = rows.as_int[first]
        twin = (mask[items] & 1).astype(np.bool_) != rows.as_int
        big = int(rows.ep.max()) > _BITS if rows.ep is not None else max(rows.epochs) > _BITS
        if rows.ep is not None and not big:
            low = np.ones(m, np.bool_)
            ep = rows.ep
        elif big:  # epoch 0 (no bit) stands for those above 63, taken one by one below
            low = np.fromiter((e <= _BITS for e in rows.epochs), np.bool_, m)
            ep = np.fromiter((e if e <= _BITS else 0 for e in rows.epochs), np.int64, m)
        else:
            low = np.ones(m, np.bool_)
            ep = np.fromiter(rows.epochs, np.int64, m)
        taken = ~twin & low
        if int(ep.max()) >= 8 and mask.dtype == np.uint8:
            self._mask.widen(np.uint64)
            mask = self._mask.data
        bits = np.left_shift(np.uint64(1), ep.astype(np.uint64)).astype(mask.dtype)
        seen = (mask[items] & bits) != 0
        duplicate = taken & seen
        taken &= ~seen
        candidates = np.flatnonzero(taken)
        if len(candidates):
            pairs = items[candidates] * 64 + ep[candidates]
            _, firsts = np.unique(pairs, return_index=True)
            again = np.ones(len(candidates), np.bool_)
            again[firsts] = False
            duplicate[candidates[again]] = True
            taken[candidates[again]] = False
        if big:  # epochs above 63, one by one, in record order
            self._sums.widen()  # more than 63 halves: a sum may need more than 32 bits
            if self._scored.data.dtype == np.uint8:
                self._scored.widen(np.uint32)
                if self._hits is not None:
                    self._hits.widen(np.uint32)
            items_list = items.tolist()
            for i in np.flatnonzero(~low & ~twin).tolist():
                pair = (items_list[i], rows.epochs[i])
                if pair in self._high:
                    duplicate[i] = True
                else:
                    self._high.add(pair)
                    taken[i] = True
        np.bitwise_or.at(mask, items[taken & low], bits[taken & low])
        self._count(rows, items, taken)
        problems = []
        for i in np.flatnonzero(twin | duplicate).tolist():
            key = names[i]
            if twin[i]:
                message = (
                    f"sample ids {key} and {key!r} are the same item written twice "
                    "(as a number and as text): the twin is refused"
                )
            else:
                message = f"sample {rows.sids[i]!r} epoch {rows.epochs[i]} appears twice"
            problems.append(RecordProblem(rows.index[i], "id", message))
        return problems

    def _count(self, rows: Rows, items: Ints, taken: Bools) -> None:
        at = np.flatnonzero(taken)
        self._records += len(at)
        self.refusals += int(np.count_nonzero(rows.refusal[at]))
        self.errors += int(np.count_nonzero(rows.error[at]))
        values = rows.values[at]
        scored = values == values
        self.scored += int(np.count_nonzero(scored))
        si, sv = items[at][scored], values[scored]
        counts = self._scored.data
        np.add.at(counts, si, np.ones(len(si), counts.dtype))  # an array: ~40x a scalar's speed
        if self._hits is not None:
            ones = si[sv >= 1.0]
            np.add.at(self._hits.data, ones, np.ones(len(ones), self._hits.data.dtype))
        top = self._top.data if self._top is not None else None
        if top is None and self._sums.halves(sv):
            self._sums.add_halves(si, sv)
        else:
            for r in _rounds(si):
                self._sums.add(si[r], sv[r])
                if top is not None:  # the first of equal highest values stays (max)
                    higher = sv[r] > top[si[r]]
                    top[si[r][higher]] = sv[r][higher]
        self._keep(rows, items, at, values)

    def _keep(self, rows: Rows, items: Ints, at: Ints, values: Floats) -> None:
        if self._item is not None and self._epoch is not None and self._score is not None:
            self._item.extend(items[at].tolist())
            epochs = [rows.epochs[i] for i in at.tolist()]
            try:  # a whole array first: an overflow leaves the column as it was
                self._epoch.extend(array("q", epochs) if type(self._epoch) is array else epochs)
            except OverflowError:  # an epoch beyond 2^63: kept exactly, in a list
                self._epoch = [*self._epoch, *epochs]
            self._score.frombytes(values.tobytes())


@dataclass(frozen=True)
class RecordProblem:
    """A record that breaks the rules: its index in the source, the key at fault, why."""

    index: int
    key: str | None
    message: str


@dataclass
class Rows:
    """Valid records bound for one table, column-wise, in record order."""

    index: Sequence[int]
    sids: list[str | int]
    names: list[str]
    as_int: Bools
    epochs: list[int]
    values: Floats
    """NaN for an unscored or errored record (no valid score is NaN)."""
    refusal: Bools
    error: Bools
    ep: Ints | None = None
    """`epochs` as an array, when they all fit in 64 bits."""


def _check(record: Any, extra_keys: frozenset[str]) -> tuple[str | None, str] | None:
    if not isinstance(record, dict):
        return None, f"a sample record must be a mapping, not {type(record).__name__}"
    unknown = set(record) - RECORD_KEYS - extra_keys
    if unknown:
        key = sorted(unknown)[0]
        return key, f"unknown field {key!r} in a sample record"
    sid = record.get("id")
    if sid is None:
        return None, "the sample record has no `id`"
    if isinstance(sid, bool) or not isinstance(sid, str | int) or sid == "":
        return "id", f"a sample id must be text or an integer, got {sid!r}"
    epoch = record.get("epoch", 1)
    if isinstance(epoch, bool) or not isinstance(epoch, int) or epoch < 1:
        return "epoch", f"epoch must be an integer >= 1, got {epoch!r}"
    score = record.get("score")
    numeric = isinstance(score, int | float) and not isinstance(score, bool)
    letter = isinstance(score, str) and score in SCORE_VALUES
    if score is not None and not letter and not (numeric and _finite(score)):
        return "score", f"score must be a finite number or one of C, I, P, N, got {score!r}"
    refusal = record.get("refusal")
    if refusal is not None and not isinstance(refusal, bool):
        return "refusal", f"refusal must be true or false, got {refusal!r}"
    error = record.get("error")
    if error is not None and not isinstance(error, str):
        return "error", f"error must be text, got {error!r}"
    return None


def _finite(x: float) -> bool:
    """A number a float score can be: finite, and an integer within the float range."""
    try:
        return math.isfinite(float(x))
    except OverflowError:
        return False


_LETTERS = frozenset(SCORE_VALUES)
_NUMBERS = (int, float)
_MISSING: Any = object()
_VALUE_OF: dict[Any, float] = {**SCORE_VALUES, None: math.nan, _MISSING: math.nan}
_RECORD_CORE = frozenset({"id", "epoch", "score"})
_PLAIN_TYPES = {str, int}
_SCORE_TYPES = {str, int, float, type(None)}
_NUMBER_TYPES = {int, float}


def _fast_ok(record: Any, allowed: frozenset[str]) -> bool:
    """The common case in one expression; anything unusual goes through `_check` for a message."""
    if type(record) is not dict or not record.keys() <= allowed:
        return False
    sid, epoch, raw = record.get("id"), record.get("epoch", 1), record.get("score")
    refusal, error = record.get("refusal"), record.get("error")
    return (
        ((type(sid) is str and sid != "") or type(sid) is int)
        and type(epoch) is int
        and epoch >= 1
        and (
            raw is None
            or (type(raw) is str and raw in _LETTERS)
            or (type(raw) in _NUMBERS and _finite(raw))
        )
        and (refusal is None or type(refusal) is bool)
        and (error is None or type(error) is str)
    )


def _plain_rows(
    records: list[Any], index: list[int], plain: frozenset[str], known: frozenset[str]
) -> Rows | None:
    """The rows of a block whose every record is plain (a mapping of `plain` keys: an id, an
    epoch, a letter or finite number score, nothing else), checked by whole-block
    operations; None when one is not, for `Records` to check them one by one. Every record
    is known to have the keys `known` (of `plain`): they are not looked for again."""
    m = len(records)
    get, has, missing = dict.get, dict.__contains__, _MISSING
    try:  # a record that is not a mapping: TypeError from dict.get
        sids: list[Any] = list(map(get, records, repeat("id"), repeat(missing)))
        epochs: list[Any] = list(map(get, records, repeat("epoch"), repeat(missing)))
        raws: list[Any] = list(map(get, records, repeat("score")))
        no_epoch = epochs.count(missing)
        no_score = m - sum(map(has, records, repeat("score"))) if None in raws else 0
        # no key but `plain` ones: as many keys in all as `plain` keys found
        found = 3 * m - no_epoch - no_score + len(known) * m
        found += sum(sum(map(has, records, repeat(k))) for k in plain - _RECORD_CORE - known)
        if sum(map(len, records)) != found:
            return None
    except TypeError:
        return None
    if no_epoch:
        epochs = [1 if e is missing else e for e in epochs]
    return plain_rows(index, sids, epochs, raws)


def plain_rows(
    index: Sequence[int],
    sids: list[Any],
    epochs: list[Any],
    raws: list[Any],
    *,
    typed: bool = False,
) -> Rows | None:
    """The rows of plain records given column-wise (an id, an epoch, a score or None each),
    checked by whole-column operations; None when one is not plain (an empty or missing id,
    an epoch that is not an integer >= 1 of 64 bits, a score that is not a letter or a finite
    number), for the records to be checked one by one. `typed`: a decoder has checked all of
    that already (`intake._PlainLine`), and the columns are only converted."""
    kinds = set(map(type, sids))  # a missing id is an object
    if typed:
        try:
            ep = np.array(epochs, np.int64)
            values = np.array(list(map(_VALUE_OF.get, raws, raws)), np.float64)
        except (TypeError, OverflowError):  # not what the decoder let through: checked below
            typed = False
        else:
            return _converted(index, sids, kinds, epochs, ep, raws, "N" in raws, values)
    if not kinds <= _PLAIN_TYPES or "" in sids:
        return None
    try:
        if set(map(type, epochs)) != {int}:
            return None
        ep = np.array(epochs, np.int64)  # an epoch beyond 64 bits: OverflowError
        if int(ep.min()) < 1:
            return None
        kinds_of_scores = set(map(type, raws))  # by type: True is 1 in a set of values
        if not kinds_of_scores <= _SCORE_TYPES:
            return None  # a boolean, a list...
        numbers = bool(kinds_of_scores & _NUMBER_TYPES)
        scores = set(raws)
        if str in kinds_of_scores and not {x for x in scores if type(x) is str} <= _LETTERS:
            return None  # an unknown letter
        values = np.array(list(map(_VALUE_OF.get, raws, raws)), np.float64)  # huge: OverflowError
    except (TypeError, OverflowError):
        return None
    if numbers:  # no NaN or infinity among them
        unscored = int(np.count_nonzero(np.isnan(values)))
        if np.isinf(values).any() or unscored != raws.count(None):
            return None
    return _converted(index, sids, kinds, epochs, ep, raws, "N" in scores, values)


def _converted(
    index: Sequence[int],
    sids: list[Any],
    kinds: set[type],
    epochs: list[int],
    ep: Ints,
    raws: list[Any],
    refused: bool,
    values: Floats,
) -> Rows:
    m = len(sids)
    if int in kinds:
        as_int = np.fromiter(map(operator.is_, map(type, sids), repeat(int)), np.bool_, m)
        names = list(map(canonical, sids))
    else:
        as_int = np.zeros(m, np.bool_)
        names = cast(list[str], sids)
    refusal = np.zeros(m, np.bool_)
    if refused:
        refusal = np.fromiter(map(operator.eq, raws, repeat("N")), np.bool_, m)
    return Rows(index, sids, names, as_int, epochs, values, refusal, np.zeros(m, np.bool_), ep)


class Records:
    """Feeds records into a table (a record naming another scorer than `default_scorer` goes
    to that scorer's table); each bad record gives a problem."""

    def __init__(
        self,
        table: RunSamples,
        *,
        extra_keys: frozenset[str] = frozenset(),
        default_scorer: str | None = None,
    ) -> None:
        self.table, self.extra_keys, self.default_scorer = table, extra_keys, default_scorer
        self.allowed = RECORD_KEYS | extra_keys
        self.plain = frozenset({"id", "epoch", "score"}) | extra_keys
        """The keys of a record the whole-block path takes."""

    def add_rows(self, rows: Rows) -> list[RecordProblem]:
        """Count plain records already checked column-wise (`plain_rows`): the run's own
        scorer's; the problems of those refused (twins, repeated epochs), in order."""
        return self.table.take(rows)

    def add(self, index: int, record: Any) -> RecordProblem | None:
        """Check one record and count it; the problem when it is refused."""
        found = self.add_block([index], [record])
        return found[0] if found else None

    def add_block(
        self, index: list[int], records: list[Any], *, known: frozenset[str] = frozenset()
    ) -> list[RecordProblem]:
        """Check `records` (whose indices in their source are `index`) and count them, as if
        one at a time, in order; the problems of those refused, in order. Every record is
        known to be a mapping with the keys `known` (of `extra_keys`: a samples file's `run`,
        by which it was sent here)."""
        rows = _plain_rows(records, index, self.plain, known & self.extra_keys)
        if rows is not None:
            return self.table.take(rows)
        problems: list[RecordProblem] = []
        bound: dict[str | None, list[tuple[int, Any]]] = {}
        for i, record in zip(index, records, strict=True):
            if not _fast_ok(record, self.allowed):
                bad = _check(record, self.extra_keys)
                if bad is not None:
                    problems.append(RecordProblem(i, *bad))
                    continue
            scorer = record.get("scorer")
            if scorer is not None and not isinstance(scorer, str):
                problems.append(RecordProblem(i, "scorer", f"scorer must be text, got {scorer!r}"))
                continue
            which = None if scorer is None or scorer == self.default_scorer else scorer
            if which is not None:
                self.table.scorer_table(which)  # made at its first valid record
            bound.setdefault(which, []).append((i, record))
        for which, pairs in bound.items():
            target = self.table if which is None else self.table.scorer_table(which)
            problems += target.take(_rows(pairs))
        problems.sort(key=lambda p: p.index)
        return problems


def _rows(pairs: list[tuple[int, dict[str, Any]]]) -> Rows:
    """The rows of records already checked (`_check`), one by one."""
    m = len(pairs)
    sids: list[str | int] = []
    epochs: list[int] = []
    values = np.empty(m, np.float64)
    refusal = np.zeros(m, np.bool_)
    error = np.zeros(m, np.bool_)
    for j, (_, record) in enumerate(pairs):
        sids.append(record["id"])
        epochs.append(record.get("epoch", 1))
        raw = record.get("score")
        err = record.get("error")
        if err is not None or raw is None:
            values[j] = math.nan
        else:
            values[j] = float(SCORE_VALUES[raw] if type(raw) is str else raw)
        refusal[j] = raw == "N" or record.get("refusal") is True
        error[j] = err is not None
    as_int = np.fromiter((type(s) is int for s in sids), np.bool_, m)
    names = [canonical(s) for s in sids]
    return Rows([i for i, _ in pairs], sids, names, as_int, epochs, values, refusal, error)


def add_records(
    table: RunSamples,
    records: Iterable[Any],
    *,
    extra_keys: frozenset[str] = frozenset(),
    default_scorer: str | None = None,
    block: int = BLOCK,
) -> list[RecordProblem]:
    """Check `records` and add the good ones to `table` (a record naming another scorer
    than `default_scorer` goes to that scorer's table), `block` at a time; return the
    problems found.

    Within one scorer, an id is one item whatever its type (`1` and `"1"` are the same: a
    twin of the other type is refused), and an (item, epoch) pair appears once."""
    feed = Records(table, extra_keys=extra_keys, default_scorer=default_scorer)
    problems: list[RecordProblem] = []
    start = 0
    chunk: list[Any] = []
    for record in records:
        chunk.append(record)
        if len(chunk) == block:
            problems += feed.add_block(list(range(start, start + block)), chunk)
            start, chunk = start + block, []
    if chunk:
        problems += feed.add_block(list(range(start, start + len(chunk))), chunk)
    table.close()
    return problems


def summarise(problems: list[RecordProblem]) -> tuple[list[RecordProblem], int]:
    """The problems worth reporting one by one, and how many more there were."""
    return problems[:MAX_PROBLEMS], max(0, len(problems) - MAX_PROBLEMS)


def _shown(score: float | None) -> str:
    return "unscored" if score is None else f"{score:g}"


Key = tuple[str, int]
"""(canonical item id, epoch) of a sample record."""


def _score_differences(
    own: RunSamples, logged: RunSamples
) -> tuple[int, tuple[Key, float | None, float | None] | None, list[tuple[int, Key | None]]]:
    """How many records' scores differ from the log's, and the first of them in (item, epoch)
    order: (item, epoch), submitted score, logged score; with how many records are only in
    the submission and how many only in the log, each with its first (an item of the log at
    an epoch it did not run is not its sample). The submission's records are read as they
    are stored, not as a table (each (item, epoch) is there once: intake refuses a record
    given twice); only the log's (already in memory) is indexed, and the submission's only
    when some of the log's records are not among them."""
    theirs = logged.by_key()
    count = matched = 0
    first: tuple[Key, float | None, float | None] | None = None
    mine_only = 0
    first_mine: Key | None = None
    for sid, epoch, mine in own.records():
        key = (sid, epoch)
        if key not in theirs:
            mine_only += 1
            if first_mine is None or key < first_mine:
                first_mine = key
            continue
        matched += 1
        other = theirs[key]
        same = other == mine or (
            mine is not None and other is not None and abs(mine - other) <= 1e-9
        )
        if not same:
            count += 1
            if first is None or key < first[0]:
                first = (key, mine, other)
    theirs_only = len(theirs) - matched
    first_theirs = min(k for k in theirs if k not in own.by_key()) if theirs_only else None
    return count, first, [(mine_only, first_mine), (theirs_only, first_theirs)]


def record_disagreements(own: RunSamples, logged: RunSamples) -> list[str]:
    """What of a run's sample records its log's samples contradict, scorer by scorer (the
    run's sample scorer's, then each other's it gives): a record the log does not hold, a
    sample of the log without a record, a score that differs, the scores of a scorer the
    log does not have."""
    out: list[str] = []
    pairs = [("", own, logged)] + [
        (f"scorer {name!r}: ", own.others[name], logged.others.get(name))
        for name in sorted(own.others)
    ]
    for said, mine, theirs in pairs:
        if theirs is None:
            out.append(f"{said}the log holds no scores of this scorer")
            continue
        differ, first, apart = _score_differences(mine, theirs)
        (mine_only, first_mine), (theirs_only, first_theirs) = apart
        if mine_only or theirs_only:
            out.append(
                f"{said}the sample records are not the log's: {mine_only:,} record(s) only in "
                f"the submission{_first(first_mine)}, {theirs_only:,} only in the "
                f"log{_first(first_theirs)}"
            )
        if first is not None:
            (sid, epoch), score, other = first
            out.append(
                f"{said}{differ:,} sample score(s) differ from the log's (first: {sid} epoch "
                f"{epoch} is {_shown(score)} in the submission, {_shown(other)} in the log)"
            )
    return out


def _first(key: Key | None) -> str:
    return f" (first: {key[0]} epoch {key[1]})" if key is not None else ""
