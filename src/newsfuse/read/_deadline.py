"""A per-document time limit for work that a size limit cannot bound (issue 8).

The limit is a SIGALRM timer armed around one synchronous step (one page's HTML extraction),
never across a `yield`, so it can only interrupt the reader's own work. Why a signal and not
a budget checked between steps: the slow step is one call into trafilatura, and Python's
regex engine and the interpreter both act on a pending signal, where a check between steps
would come after the call returns. Why not a subprocess: it would cost a process per page.

The timer is armed only where it is safe and free: in the main thread (signals are delivered
there alone), on a platform with `setitimer`, and when no one else owns SIGALRM (libFuzzer
installs its own handler for its per-input timeout; a test runner may hold a timer). Where
it is not armed, the step runs unlimited and the size limits still bound it.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

__all__ = ["DeadlineExceeded", "deadline"]


class DeadlineExceeded(BaseException):
    """The step ran past its time limit.

    A BaseException, so that the `except Exception` blocks inside the libraries doing the
    work (trafilatura has many) cannot swallow it and carry on.
    """


# When the armed step must end (monotonic clock), or None while nothing is armed. A signal
# that arrives late (the timer fired as it was being disarmed) finds None or a later time
# and is ignored, so it can neither escape the step nor cut the next one short.
_state: dict[str, float | None] = {"ends_at": None}
# The interval timer and the monotonic clock may disagree by a hair.
_CLOCK_SLACK = 0.005
# Seconds until the limit is raised again when the first raise may have been lost.
_RETRY_SECONDS = 0.01


def _expire(signum: int, frame: FrameType | None) -> None:
    ends_at = _state["ends_at"]
    if ends_at is None or time.monotonic() < ends_at - _CLOCK_SLACK:
        return
    # Fire again shortly in case this one is lost: raised inside a finalizer (`__del__`
    # of an object the garbage collector frees mid-step) an exception is only printed,
    # so there it is not raised at all, and a library may catch BaseException.
    signal.setitimer(signal.ITIMER_REAL, _RETRY_SECONDS)
    if not _in_finalizer(frame):
        raise DeadlineExceeded


def _in_finalizer(frame: FrameType | None) -> bool:
    while frame is not None:
        if frame.f_code.co_name == "__del__":
            return True
        frame = frame.f_back
    return False


def _can_arm() -> bool:
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, _expire)
        and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    )


@contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Raise `DeadlineExceeded` in the body once `seconds` have passed (where it can be armed).

    `None` or a non-positive limit means no limit. The handler stays installed afterwards
    (it does nothing while no step is armed): restoring the default disposition could turn
    a late signal into an error report or a killed process.
    """
    if seconds is None or seconds <= 0 or not _can_arm():
        yield
        return
    signal.signal(signal.SIGALRM, _expire)
    _state["ends_at"] = time.monotonic() + seconds
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        # The timer may fire between the body's end and here: that too raises
        # DeadlineExceeded, out of the `with`, which the caller handles the same way.
        signal.setitimer(signal.ITIMER_REAL, 0)
        _state["ends_at"] = None
