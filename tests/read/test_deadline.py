"""The per-document time limit (issue 8): it stops what runs too long, and only that."""

from __future__ import annotations

import re
import signal
import threading
import time
from contextlib import suppress
from types import FrameType

import pytest

from newsfuse.read._deadline import DeadlineExceeded, deadline


def _spin(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_a_step_past_the_limit_is_stopped() -> None:
    started = time.monotonic()
    with pytest.raises(DeadlineExceeded), deadline(0.05):
        _spin(5)
    assert time.monotonic() - started < 1


def test_a_catastrophic_regex_is_stopped() -> None:
    # (a+)+$ backtracks 2^40 ways on 40 a's and a b: hours, without the limit.
    with pytest.raises(DeadlineExceeded), deadline(0.05):
        re.match(r"(a+)+$", "a" * 40 + "b")


def test_libraries_cannot_swallow_it() -> None:
    """trafilatura wraps steps in `except Exception`; the limit must get through them."""
    with pytest.raises(DeadlineExceeded), deadline(0.05), suppress(Exception):
        _spin(5)


def test_a_limit_caught_and_dropped_fires_again() -> None:
    """A raise lost (caught by `except BaseException`, or inside a finalizer) is repeated."""
    caught: list[DeadlineExceeded] = []

    def careless() -> None:
        try:
            _spin(5)
        except DeadlineExceeded as exc:
            caught.append(exc)
        _spin(5)

    with pytest.raises(DeadlineExceeded), deadline(0.05):
        careless()
    assert len(caught) == 1


def test_a_limit_is_not_lost_in_a_finalizer() -> None:
    """An exception raised in `__del__` is only printed: the limit waits for it to end."""

    class Slow:
        def __del__(self) -> None:
            _spin(0.2)

    def work() -> None:
        Slow()  # freed at once, its __del__ running past the limit
        _spin(5)

    with pytest.raises(DeadlineExceeded), deadline(0.05):
        work()


def test_a_step_within_the_limit_is_never_cut_later() -> None:
    with deadline(0.05):
        pass
    _spin(0.2)  # the timer is off: nothing fires here
    with deadline(1):
        _spin(0.1)


def test_off_the_main_thread_there_is_no_limit() -> None:
    outcome: list[str] = []

    def work() -> None:
        with deadline(0.01):
            _spin(0.1)
        outcome.append("finished")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert outcome == ["finished"]


def test_an_alarm_someone_else_holds_is_left_alone() -> None:
    fired: list[int] = []

    def theirs(signum: int, frame: FrameType | None) -> None:
        fired.append(signum)

    previous = signal.signal(signal.SIGALRM, theirs)
    try:
        with deadline(0.01):
            _spin(0.1)  # not stopped: the alarm is theirs
        assert signal.getsignal(signal.SIGALRM) is theirs
    finally:
        signal.signal(signal.SIGALRM, previous)
    assert fired == []
