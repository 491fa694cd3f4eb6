"""Qt side of the offline map: the MapView widget, URL schemes, bridge and snapshots."""
