"""A guard against a reference-counting bug of PySide6 6.12 on Python < 3.12.

Its bindings return None from void C++ methods without taking a reference, so every call
such as `QPainterPath.moveTo` or `QGraphicsItem.setZValue` drops None's reference count by
one. From Python 3.12 on None is immortal and this is harmless; before, a busy canvas
reaches zero within a minute and the interpreter aborts with "none_dealloc: deallocating
None". Giving None an unreachable reference count keeps it alive for good — None is never
freed in a healthy interpreter either.
"""
from __future__ import annotations

import ctypes
import sys

_PLENTY = 1 << 60  # no process makes this many calls


def protect_none() -> None:
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    refcount = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt: PyObject's first field
    if refcount.value < _PLENTY:
        refcount.value += _PLENTY
