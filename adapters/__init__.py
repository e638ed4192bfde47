"""Platform adapters: each turns platform events into neutral messages for the engine."""
