"""Blueprints by audience: they parse input, call a service and render. Nothing more."""
