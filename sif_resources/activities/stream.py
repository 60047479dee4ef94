"""A lazily computed sequence of slices: the output of a pipeline step that covers many partitions.

A single-run backfill of a year of one tenant is twelve tenant x month slices; holding all of them in memory
would make memory grow with the range. The step returns a `SliceStream` instead, and the IO manager pulls one
slice at a time, writing each (atomically) before the next is computed. `on_slice` lets the step keep a small
summary of each slice (for its checks) as it passes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class SliceStream(Generic[T]):
    """Slices computed on demand, in order; iterable once."""

    def __init__(self, produce: Callable[[], Iterable[T]], *, on_slice: Callable[[T], None] | None = None):
        self._produce = produce
        self._on_slice = on_slice
        self._consumed = False
        self.count = 0

    def __iter__(self) -> Iterator[T]:
        if self._consumed:
            raise RuntimeError("a SliceStream can be iterated only once")
        self._consumed = True
        for item in self._produce():
            if self._on_slice is not None:
                self._on_slice(item)
            self.count += 1
            yield item
