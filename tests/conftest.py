"The fault table of `test_faults.py`: each test adds a row (fault, outcome, pairs lost); pytest prints the table at the end."

def pytest_configure(config):
    config.fault_rows = []

def pytest_terminal_summary(terminalreporter, exitstatus, config):
    rows = getattr(config, 'fault_rows', [])
    if not rows: return
    head = ('fault', 'outcome', 'pairs lost')
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(3)]
    line = lambda r: '| ' + ' | '.join(str(v).ljust(w) for v, w in zip(r, widths)) + ' |'
    terminalreporter.section('fault table (tests/test_faults.py)')
    for r in [head, tuple('-' * w for w in widths), *rows]: terminalreporter.write_line(line(r))
