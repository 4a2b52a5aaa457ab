"""dsi-graph: a linked-data knowledge graph of the DSI negotiation under the CBD and the Nagoya Protocol."""

__version__ = "0.1.0"
