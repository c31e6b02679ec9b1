"""The configuration saved with the environment is the one Sphinx compared.

On every rebuild Sphinx compares the configuration saved by the last build with conf.py's,
right after ``config-inited`` and before it loads the HTML theme and the builder. Two things
change the configuration after that point, so the saved one never equalled the next build's
and every rebuild said "The configuration has changed (2 options: 'html_static_path',
'pygments_dark_style')": furo registers ``pygments_dark_style`` only when it is loaded
(loading it earlier would break every non-HTML builder: furo refuses them), and
sphinx-copybutton appends its folder to ``html_static_path`` at ``builder-inited``.

So while the environment is saved (after ``env-updated``), the configuration is put back as
it was compared: options registered later are set aside, values changed later take their
compared value; writing gets the build's own configuration back. What the late options
change (furo writes the dark style's colours into every page) is bunko's to follow:
``late_options_fingerprint`` joins what every page depends on.
"""

from __future__ import annotations

import copy

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from .output import digest_of


def note_compared_config(app: Sphinx, config: Config) -> None:
    """``config-inited``, last: the options and values Sphinx is about to compare."""
    compared = {}
    for item in config:
        try:
            compared[item.name] = copy.deepcopy(item.value)
        except Exception:  # noqa: BLE001 - a module or a lock: Sphinx does not save it either
            continue
    app.bunko_compared_config = compared  # type: ignore[attr-defined]


def _compared(app: Sphinx) -> dict[str, object] | None:
    return getattr(app, "bunko_compared_config", None)


def late_options_fingerprint(app: Sphinx) -> str:
    """The values of the options registered after the comparison (furo's dark style)."""
    compared = _compared(app)
    if compared is None:
        return ""
    return digest_of(sorted((name, repr(getattr(app.config, name)))
                            for name in app.config.values if name not in compared))


def save_compared_config(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``, last: Sphinx saves the environment next, with the configuration as it
    was compared."""
    compared = _compared(app)
    if compared is None:
        return []
    options = app.config.values
    late = {name: options.pop(name) for name in list(options) if name not in compared}
    changed = {name: getattr(app.config, name) for name in options
               if name in compared and getattr(app.config, name) != compared[name]}
    for name in changed:
        setattr(app.config, name, compared[name])
    app.bunko_config_aside = (late, changed)  # type: ignore[attr-defined]
    return []


def restore_config(app: Sphinx, builder: Builder) -> None:
    """``write-started``: the environment is saved; the build's configuration is back."""
    late, changed = getattr(app, "bunko_config_aside", ({}, {}))
    app.config.values.update(late)
    for name, value in changed.items():
        setattr(app.config, name, value)
    app.bunko_config_aside = ({}, {})  # type: ignore[attr-defined]
