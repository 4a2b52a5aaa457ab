"""HTTP views: one blueprint per module, registered by :func:`dsi_graph.web.app.create_app`."""
