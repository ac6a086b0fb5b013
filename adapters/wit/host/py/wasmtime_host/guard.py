"""The host side of the guard component (isolated-crypto:guard@0.1.0, docs/COMPONENTS.md), as
host/lib/guard.mjs on Node: the `host` interface the guard imports (policy, tenant name, audit,
rate counter, the reason of a denial), the audit file and the cross-task rate counter. A tenant
is never offered any of it: it links to the guard's exports only."""
import json
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Dict, Iterator, List, Optional

GUARD_HOST = "isolated-crypto:guard/host@0.1.0"
GUARD_CONTROL = "isolated-crypto:guard/control@0.1.0"
MNEMONIC_PROVIDER = "mrnerdhair:isolated-crypto/mnemonic-provider@0.14.0"
ROOT_NODE_PROVIDER = "mrnerdhair:isolated-crypto/root-node-provider@0.14.0"


def denied_message(reason: str) -> str:
    """The task's error when the guard refused an operation."""
    return f"denied by policy: {reason}"


class AuditLog:
    """An append-only audit file: opened with O_APPEND, one line per write."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    def write(self, line: str) -> None:
        os.write(self.fd, (line + "\n").encode("utf-8"))

    def close(self) -> None:
        os.close(self.fd)


class RateCounter:
    """Signatures per tenant, kept across tasks: in memory, and in state_file (JSON
    {tenant: [ms, ...]}, the same format as the Node host's) when given. Only signatures the
    guard let through are recorded (a refused one consumes no budget). With a file, each
    check-and-record holds state_file.lock (created with O_EXCL, the Node host's protocol
    too), so concurrent processes neither lose a signature nor both take the last place."""

    def __init__(self, state_file: Optional[str] = None) -> None:
        self.state_file = state_file
        self.times: Dict[str, List[int]] = {}

    def record(self, tenant: str, window_seconds: int, window_max: int, now_ms: Optional[int] = None) -> int:
        """Records a signature of tenant now unless that would make more than window_max in
        the last window_seconds. Returns the count in the window with this signature
        (> window_max: not recorded). Errors: the state file's (OSError, ValueError)."""
        now = int(time.time() * 1000) if now_ms is None else now_ms

        def step() -> int:
            since = now - int(window_seconds) * 1000
            kept = [t for t in self.times.get(tenant, []) if t > since]
            if len(kept) + 1 > int(window_max):
                return len(kept) + 1
            kept.append(now)
            self.times[tenant] = kept
            return len(kept)

        if not self.state_file:
            return step()
        with file_lock(f"{self.state_file}.lock"):
            self._load()
            n = step()
            self._save()
            return n

    def _load(self) -> None:
        try:
            with open(self.state_file, encoding="utf-8") as f:  # type: ignore[arg-type]
                self.times = {k: list(v) for k, v in json.load(f).items()}
        except FileNotFoundError:
            self.times = {}

    def _save(self) -> None:
        tmp = f"{self.state_file}.tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(self.times, f)
        os.replace(tmp, self.state_file)  # type: ignore[arg-type]


LOCK_STALE_S = 10.0    # a lock this old was left by a process that died holding it
LOCK_TIMEOUT_S = 30.0


@contextmanager
def file_lock(lock: str) -> Iterator[None]:
    """Holds the lock file `lock` (O_CREAT | O_EXCL) for the with-block."""
    start = time.monotonic()
    while True:
        try:
            fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            break
        except FileExistsError:
            pass
        try:
            if time.time() - os.stat(lock).st_mtime > LOCK_STALE_S:
                os.unlink(lock)
        except FileNotFoundError:
            pass
        if time.monotonic() - start > LOCK_TIMEOUT_S:
            raise OSError(f"rate state lock {lock}: held for over {LOCK_TIMEOUT_S:.0f} s")
        time.sleep(0.001)
    try:
        yield
    finally:
        os.close(fd)
        os.unlink(lock)


@dataclass
class Guard:
    """The guard of a link: its component (path or Loaded), the policy JSON text, the tenant's
    name, the audit log (or None) and the rate counter."""
    component: Any
    policy: str
    tenant_name: str
    audit: Optional[AuditLog] = None
    rate: RateCounter = field(default_factory=RateCounter)


@dataclass
class GuardState:
    """What the guard told the host in one task: the reason of its denial, if any."""
    denial: Optional[str] = None


BLANK_TIME = '{"time_ms":0,'


def stamp_time(line: str, now_ms: Optional[int] = None) -> str:
    """The guard's line with the host's time: it starts with {"time_ms":0, (guard.wit)."""
    if not line.startswith(BLANK_TIME):
        return line
    now_ms = int(time.time() * 1000) if now_ms is None else now_ms
    return f'{{"time_ms":{now_ms},{line[len(BLANK_TIME):]}'


def guard_host(g: Guard, state: GuardState) -> Dict[str, Any]:
    """The functions of interface `host` for one guard instance (one task)."""
    def audit(line: str) -> None:
        if g.audit is not None:
            g.audit.write(stamp_time(line))

    def deny(reason: str) -> None:
        state.denial = reason

    return {
        "get-policy": lambda: g.policy,
        "tenant-name": lambda: g.tenant_name,
        "audit": audit,
        "record-signature": lambda window, window_max: g.rate.record(g.tenant_name, window, window_max),
        "deny": deny,
    }


def missing_providers(has: Any) -> Dict[str, Dict[str, Any]]:
    """Provider interfaces the guard imports that no configured provider exports, as host
    functions returning err("no ... provider configured"). has(name) -> bool."""
    out: Dict[str, Dict[str, Any]] = {}
    if not has(MNEMONIC_PROVIDER):
        out[MNEMONIC_PROVIDER] = {"get-mnemonic": lambda: "no mnemonic provider configured"}
    if not has(ROOT_NODE_PROVIDER):
        out[ROOT_NODE_PROVIDER] = {"get-root-node": lambda: "no root-node provider configured"}
    return out
