from decimal import Decimal


def test_demo_then_allocate_adds_up_to_the_budget(cli_process):
    loaded = cli_process("demo", "--no-serve")
    assert loaded.returncode == 0, loaded.stderr
    result = cli_process("allocate", "sw-2015")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "region_code,region_name,basis,subsidy,cofinancing"
    assert len(lines) == 36
    assert sum(Decimal(line.split(",")[-2]) for line in lines[1:]) == Decimal("30000000.00")
