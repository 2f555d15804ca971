"""Backends that draw laid-out pages; they consume plain boxes and decide nothing."""
