"""The trained parts of newsqual: where shipped model files live, and (later) the classifier."""
