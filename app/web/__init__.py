"""The edge: blueprints, views, forms, the identity cookie, security, error pages, the page shell,
and the command-line and job entry points. Parses requests, calls a use case of
:mod:`app.learning`, commits and renders."""
