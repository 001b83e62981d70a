"""Loading and validating sources.yaml. Every problem is collected and reported with its place."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)

from monitor.errors import ConfigError
from monitor.plugins import Registry

SLUG = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
SLUG_RULE = "must be a slug: lower-case letters, digits, '-', '_' or '.'"


def check_slug(value: str) -> str:
    """Names of sources and watches end up in URLs, file names and commands."""
    if not SLUG.match(value):
        raise ValueError(SLUG_RULE)
    return value


Slug = Annotated[str, AfterValidator(check_slug)]
DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d|w)?\s*$")
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, None: 1}
DEFAULT_INTERVAL = 3600


def parse_duration(value: str | float) -> float:
    """'30m', '2h', '1d', or a number of seconds."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    match = DURATION.match(str(value))
    if not match:
        raise ValueError(f"not a duration: {value!r} (use e.g. 30m, 2h, 1d)")
    return float(match.group(1)) * UNITS[match.group(2)]


ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
SECRET_HEADERS = {"authorization", "proxy-authorization", "cookie"}
HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")


def _env_name(value: str) -> str:
    if not ENV_NAME.match(value):
        raise ValueError(f"not an environment variable name: {value!r} (e.g. UNION_SITE_PASSWORD)")
    return value


EnvName = Annotated[str, AfterValidator(_env_name)]


class BasicAuth(BaseModel):
    """HTTP basic auth, read from the environment when the source is polled: sources.yaml is
    shared and committed, so it names the variables and never holds the secret."""

    model_config = ConfigDict(extra="forbid")

    username_env: EnvName
    password_env: EnvName


class HttpOptions(BaseModel):
    """Per-source HTTP options, applied by the shared client for every plugin (monitor.fetch).

    Headers, cookies and auth go only to the source's own host, never to a redirect or a link
    on another host; the user agent and the proxy apply to all of the source's requests.
    """

    model_config = ConfigDict(extra="forbid")

    headers: dict[str, str] = Field(default_factory=dict)
    cookies: dict[str, str] = Field(default_factory=dict)
    user_agent: str | None = None
    proxy: str | None = None
    basic_auth: BasicAuth | None = None

    @field_validator("headers")
    @classmethod
    def _headers(cls, value: dict[str, str]) -> dict[str, str]:
        for name, text in value.items():
            if not HEADER_NAME.match(name):
                raise ValueError(f"not a header name: {name!r}")
            if name.lower() in SECRET_HEADERS:
                raise ValueError(
                    f"header {name!r} would put a secret in sources.yaml: use http.basic_auth "
                    "(names of environment variables) or http.cookies")
            if "\r" in text or "\n" in text:
                raise ValueError(f"header {name!r}: a value must be one line")
        return value

    @field_validator("cookies")
    @classmethod
    def _cookies(cls, value: dict[str, str]) -> dict[str, str]:
        for name, text in value.items():
            if not HEADER_NAME.match(name) or any(c in text for c in ";\r\n"):
                raise ValueError(f"not a cookie: {name}={text!r}")
        return value

    @field_validator("user_agent")
    @classmethod
    def _agent(cls, value: str | None) -> str | None:
        if value is not None and (not value.strip() or "\n" in value or "\r" in value):
            raise ValueError("user_agent must be one non-empty line")
        return value

    @field_validator("proxy")
    @classmethod
    def _proxy(cls, value: str | None) -> str | None:
        if value is None:
            return None
        match = re.match(r"^(https?|socks5h?)://([^/\s]+)/?$", value)
        if not match:
            raise ValueError(f"not a proxy URL: {value!r} (e.g. http://proxy.example:3128)")
        if "@" in match.group(2):
            raise ValueError("a proxy URL must not hold credentials in sources.yaml")
        return value


class SourceConfig(BaseModel):
    """The keys every source has; the rest of an entry is its plugin's options."""

    model_config = ConfigDict(extra="forbid")

    name: Slug
    plugin: str
    url: str
    language: str | None = None
    country: str | None = None
    region: str | None = None
    tags: list[str] = Field(default_factory=list)
    interval: float = DEFAULT_INTERVAL
    enabled: bool = True
    allow_private: bool = False
    """Let links and redirects found in this source's content reach private addresses."""
    full_text: bool = False
    """Fetch each new item's own page for its main text (and keep a snapshot of it)."""
    note: str | None = None
    http: HttpOptions | None = None
    """Headers, cookies, user agent, proxy and basic auth (from the environment) for this source."""
    options: dict[str, Any] = Field(default_factory=dict)

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        if not re.match(r"^https?://[^/\s]+", value):
            raise ValueError(f"not a URL: {value!r}")
        return value

    @field_validator("interval", mode="before")
    @classmethod
    def _interval(cls, value: Any) -> float:
        return parse_duration(value)

    @field_validator("country")
    @classmethod
    def _country(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^[A-Z]{2}$", value):
            raise ValueError(f"not an ISO 3166-1 alpha-2 code: {value!r} (e.g. KZ)")
        return value


COMMON_KEYS = set(SourceConfig.model_fields) - {"options"}


@dataclass
class Config:
    path: Path
    sources: list[SourceConfig] = field(default_factory=list)
    plugin_options: dict[str, BaseModel] = field(default_factory=dict)

    def source(self, name: str) -> SourceConfig:
        for source in self.sources:
            if source.name == name:
                return source
        raise KeyError(name)


def _line_map(text: str) -> dict[tuple[int, str | None], int]:
    """(entry index, key) -> 1-based line, from the YAML node tree, for error messages."""
    lines: dict[tuple[int, str | None], int] = {}
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return lines
    if not isinstance(root, yaml.MappingNode):
        return lines
    for key_node, value_node in root.value:
        if key_node.value == "sources" and isinstance(value_node, yaml.SequenceNode):
            for index, entry in enumerate(value_node.value):
                lines[(index, None)] = entry.start_mark.line + 1
                if isinstance(entry, yaml.MappingNode):
                    for k, _value in entry.value:
                        lines[(index, str(k.value))] = k.start_mark.line + 1
    return lines


def _format_loc(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc if part not in ("options",)) or "(entry)"


def load_config(
    path: Path, registry: Registry, substitutions: dict[str, str] | None = None
) -> Config:
    """Read and validate a sources file; raise ConfigError listing every problem."""
    try:
        text = path.read_text(encoding="utf-8")
        for placeholder, value in (substitutions or {}).items():
            text = text.replace(placeholder, value)
    except FileNotFoundError:
        raise ConfigError(str(path), ["file not found (use --config or MONITOR_CONFIG)"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), [f"cannot read: {exc}"]) from None
    try:
        # libyaml when present: a thousand sources load in milliseconds, not a second
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(str(path), [f"{where}not valid YAML: {problem}"]) from None
    try:
        return validate_config(data, path, registry)
    except ConfigError:  # again with line numbers, which cost a second YAML pass
        return validate_config(data, path, registry, _line_map(text))


def validate_config(
    data: Any,
    path: Path,
    registry: Registry,
    lines: dict[tuple[int, str | None], int] | None = None,
) -> Config:
    lines = lines or {}
    problems: list[str] = []
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(str(path), ["the top level must be a mapping with a 'sources:' list"])
    for key in data:
        if key != "sources":
            problems.append(f"unknown top-level key {key!r} (expected 'sources')")
    entries = data.get("sources")
    if entries is None:
        entries = []
        if "sources" not in data:
            problems.append("missing 'sources:' list (use 'sources: []' for none)")
    if not isinstance(entries, list):
        raise ConfigError(str(path), ["'sources' must be a list of sources"])

    config = Config(path=path)
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        label = f"sources[{index}]"
        if isinstance(entry, dict) and isinstance(entry.get("name"), str):
            label += f" ({entry['name']})"

        def at(key: str | None, _index: int = index) -> str:
            line = lines.get((_index, key)) or lines.get((_index, None))
            return f"line {line}: " if line else ""

        if not isinstance(entry, dict):
            problems.append(f"{at(None)}{label}: must be a mapping with name, plugin and url")
            continue
        common = {k: v for k, v in entry.items() if k in COMMON_KEYS}
        common["options"] = {k: v for k, v in entry.items() if k not in COMMON_KEYS}
        try:
            source = SourceConfig.model_validate(common)
        except ValidationError as exc:
            for err in exc.errors():
                key = str(err["loc"][0]) if err["loc"] else None
                msg = err["msg"].removeprefix("Value error, ")
                if err["type"] == "missing":
                    msg = "required field is missing"
                problems.append(f"{at(key)}{label}.{_format_loc(err['loc'])}: {msg}")
            source = None
        plugin = entry.get("plugin")
        info = registry.source_types.get(plugin) if isinstance(plugin, str) else None
        if isinstance(plugin, str) and info is None:
            hint = difflib.get_close_matches(plugin, list(registry.source_types), n=1)
            suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
            known = ", ".join(sorted(registry.source_types))
            problems.append(
                f"{at('plugin')}{label}.plugin: unknown plugin {plugin!r}{suggestion}; "
                f"known: {known}"
            )
        options_model = None
        if info is not None:
            try:
                options_model = info.cls.Options.model_validate(common["options"])
            except ValidationError as exc:
                for err in exc.errors():
                    key = str(err["loc"][0]) if err["loc"] else None
                    msg = err["msg"].removeprefix("Value error, ")
                    if err["type"] == "extra_forbidden":
                        allowed = sorted(COMMON_KEYS | set(info.cls.Options.model_fields))
                        close = difflib.get_close_matches(str(key), allowed, n=1)
                        msg = f"unknown key for plugin {plugin!r}" + (
                            f" (did you mean {close[0]!r}?)" if close else ""
                        )
                    elif err["type"] == "missing":
                        msg = f"required by plugin {plugin!r}"
                    problems.append(f"{at(key)}{label}.{_format_loc(err['loc'])}: {msg}")
        if source is not None:
            if source.name in seen:
                problems.append(
                    f"{at('name')}{label}.name: duplicate name {source.name!r} "
                    f"(first used by sources[{seen[source.name]}])"
                )
            else:
                seen[source.name] = index
            if options_model is not None:
                config.sources.append(source)
                config.plugin_options[source.name] = options_model
    if problems:
        raise ConfigError(str(path), problems)
    return config
