"""Widgets of the "Peta & Plotting" planning board (the view itself is `ui.views.planning.PlanningView`)."""
