"""Typed readers for the environment that fail loudly.

Settings are read once, at start-up, from ``RAPPORTEUR_*`` variables. A malformed
value stops the process with a message naming the variable and what it expected,
rather than silently falling back to a default an operator did not choose.
"""

from __future__ import annotations

import ipaddress
import os
import re
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ImproperlyConfigured

PREFIX = "RAPPORTEUR_"

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str) -> str | None:
    return os.environ.get(PREFIX + name)


def env_str(name: str, default: str) -> str:
    value = _raw(name)
    return default if value is None else value


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{PREFIX}{name} must be true or false (1/0, yes/no), got {value!r}."
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = _raw(name)
    if value is None:
        return default
    try:
        number = int(value.strip())
    except ValueError:
        raise ImproperlyConfigured(
            f"{PREFIX}{name} must be a whole number, got {value!r}."
        ) from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{PREFIX}{name} must be at least {minimum}, got {number}.")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = env_str(name, default).strip().lower()
    if value not in choices:
        raise ImproperlyConfigured(
            f"{PREFIX}{name} must be one of {', '.join(choices)}, got {value!r}."
        )
    return value


def env_time_zone(name: str, default: str) -> str:
    """An IANA time zone name (e.g. Asia/Dushanbe), checked against the zone database."""
    value = env_str(name, default).strip()
    try:
        ZoneInfo(value)
    except (ValueError, ZoneInfoNotFoundError):
        raise ImproperlyConfigured(
            f"{PREFIX}{name} must be a time zone name such as Asia/Dushanbe, got {value!r}."
        ) from None
    return value


# Labels of letters, digits and inner hyphens, joined by dots; 253 characters at most.
_LABEL = r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"
_HOST_NAME = re.compile(rf"^(?=.{{1,253}}$){_LABEL}(\.{_LABEL})*$")


def env_host_name(name: str, default: str) -> str:
    """A bare host name (``desk.example.org``): no scheme, port, path or IP address."""
    value = env_str(name, default).strip().lower()
    if _HOST_NAME.match(value) and not _is_address(value):
        return value
    raise ImproperlyConfigured(
        f"{PREFIX}{name} must be a host name such as desk.example.org "
        f"(no scheme, port or IP address), got {value!r}."
    )


def first_host_name(hosts: list[str]) -> str:
    """The first of ``hosts`` (ALLOWED_HOSTS) that is a host name, not an address or
    a wildcard (a leading dot dropped); ``localhost`` when there is none."""
    for host in hosts:
        candidate = host.strip().lstrip(".").lower()
        if _HOST_NAME.match(candidate) and not _is_address(candidate):
            return candidate
    return "localhost"


def _is_address(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def env_path(name: str, default: Path) -> Path:
    value = _raw(name)
    return (Path(value) if value else default).expanduser().resolve()


def env_file_path(name: str) -> Path | None:
    """An optional file to write to (unset or empty: None); a folder is refused."""
    value = (_raw(name) or "").strip()
    if not value:
        return None
    path = Path(value).expanduser().resolve()
    if path.is_dir():
        raise ImproperlyConfigured(f"{PREFIX}{name} must name a file, got the folder {value!r}.")
    return path


def env_emails(name: str) -> list[str]:
    """Comma-separated email addresses, each checked (unset or empty: none)."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    addresses = env_list(name, [])
    for address in addresses:
        try:
            validate_email(address)
        except ValidationError:
            raise ImproperlyConfigured(
                f"{PREFIX}{name} must be email addresses separated by commas, got {address!r}."
            ) from None
    return addresses


def env_secret(name: str) -> str | None:
    """Read a secret from ``NAME`` or from the file named by ``NAME_FILE``.

    The file form lets operators keep secrets out of the process environment
    (systemd credentials, container secrets). Both at once is ambiguous: refuse.
    """
    direct = _raw(name)
    file_name = _raw(name + "_FILE")
    if direct and file_name:
        raise ImproperlyConfigured(f"Set either {PREFIX}{name} or {PREFIX}{name}_FILE, not both.")
    if file_name:
        try:
            secret = Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise ImproperlyConfigured(
                f"{PREFIX}{name}_FILE names {file_name!r}, which cannot be read: {error.strerror}."
            ) from None
        if not secret:
            raise ImproperlyConfigured(f"{PREFIX}{name}_FILE names an empty file.")
        return secret
    return direct or None
