"""Loaded by Datasette's --plugins-dir: our hooks live in monitor.publish.datasette.hooks."""

from monitor.publish.datasette.hooks import (  # noqa: F401
    asgi_wrapper,
    extra_template_vars,
    filters_from_request,
    prepare_connection,
    prepare_jinja2_environment,
    register_facet_classes,
    register_output_renderer,
    register_routes,
    render_cell,
)
