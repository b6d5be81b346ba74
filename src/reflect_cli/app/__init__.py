"""The application: what a command does, from start to end: the session command's flow
(session_flow.py) and the reports (reports.py). Commands call in here; this calls the
domain, storage, inputs, the terminal and outputs."""
