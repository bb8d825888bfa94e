"""A tiny registry of swappable methods by name (readers, splitters, embedders, summarizers)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

from newsdesk.errors import UnknownMethodError

T = TypeVar("T")


class Registry(Generic[T]):
    """Maps names to factories; ``get`` builds (and caches) one instance per name."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._factories: dict[str, Callable[[], T]] = {}
        self._help: dict[str, str] = {}
        self._instances: dict[str, T] = {}

    def register(self, name: str, help: str = "") -> Callable[[Callable[[], T]], Callable[[], T]]:
        """Decorator: register ``factory`` under ``name``."""

        def deco(factory: Callable[[], T]) -> Callable[[], T]:
            self._factories[name] = factory
            self._help[name] = help or (factory.__doc__ or "").strip().split("\n")[0]
            return factory

        return deco

    def get(self, name: str) -> T:
        """Return the instance registered as ``name``, built on first use."""
        if name not in self._factories:
            known = ", ".join(sorted(self._factories))
            raise UnknownMethodError(f"unknown {self.kind} '{name}'; choose one of: {known}")
        if name not in self._instances:
            self._instances[name] = self._factories[name]()
        return self._instances[name]

    def names(self) -> list[str]:
        """Registered names, in registration order."""
        return list(self._factories)

    def help(self, name: str) -> str:
        """One-line description of a registered method."""
        return self._help[name]

    def __contains__(self, name: object) -> bool:
        return name in self._factories

    def __iter__(self) -> Iterator[str]:
        return iter(self._factories)
