"""The host side of the guard component (isolated-crypto:guard@0.1.0, docs/COMPONENTS.md), as
host/lib/guard.mjs on Node: the `host` interface the guard imports (policy, tenant name, audit,
rate counter, the reason of a denial), the audit file and the cross-task rate counter. A tenant
is never offered any of it: it links to the guard's exports only."""
import json
import os
import time
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

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
    """Signature attempts per tenant, kept across tasks: in memory, and in state_file (JSON
    {tenant: [ms, ...]}, the same format as the Node host's) when given."""

    def __init__(self, state_file: Optional[str] = None) -> None:
        self.state_file = state_file
        self.times: Dict[str, List[int]] = {}

    def record(self, tenant: str, window_seconds: int, now_ms: Optional[int] = None) -> int:
        """Counts one attempt of tenant now; returns the attempts in the last window_seconds."""
        now_ms = int(time.time() * 1000) if now_ms is None else now_ms
        if self.state_file:
            self._load()
        since = now_ms - int(window_seconds) * 1000
        kept = [t for t in self.times.get(tenant, []) if t > since]
        kept.append(now_ms)
        self.times[tenant] = kept
        if self.state_file:
            self._save()
        return len(kept)

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
        "record-signature": lambda window: g.rate.record(g.tenant_name, window),
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
