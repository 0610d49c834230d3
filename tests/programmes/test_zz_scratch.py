def test_dump(as_office, as_region_contact):
    r = as_office.get("/programmas/sw-2015/")
    open("/tmp/scratch/prog.html","w").write(r.content.decode())
    r = as_office.get("/programmas/sw-2015/regios/AM01/")
    open("/tmp/scratch/region.html","w").write(r.content.decode())
    r = as_office.get("/")
    open("/tmp/scratch/home.html","w").write(r.content.decode())
    r = as_region_contact.get("/")
    open("/tmp/scratch/home_rc.html","w").write(r.content.decode())
