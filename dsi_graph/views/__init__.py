"""HTTP views: one blueprint per module, registered by :func:`dsi_graph.app.create_app`."""
