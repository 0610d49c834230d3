import time
from tests.contracts.helpers import X

def test_probe(cli):
    assert X == 1
    for args in [("create-programme","p1","--name","T","--budget","1000"),("allocate","p1"),("dumpdata","programmes.programme")]:
        t=time.time(); r=cli(*args); print(args, time.time()-t, r.returncode, r.stdout[:300], r.stderr[-500:])
