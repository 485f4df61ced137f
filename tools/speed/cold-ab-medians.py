# Medians and ratios (to the "bare" rows) of the files tools/speed/cold-ab.sh writes.
# usage: python3 tools/speed/cold-ab-medians.py OUT...
import sys,statistics as st,collections
for path in sys.argv[1:]:
    d=collections.defaultdict(list); loads=[]
    for l in open(path):
        w=l.split()
        if w[0]=='load': loads.append(float(w[1])); continue
        if len(w)<5: continue
        d[w[0]].append((float(w[1]),float(w[2])+float(w[3]),int(w[4])/1024))
    b=d['bare']; bw=st.median(x[0] for x in b); bc=st.median(x[1] for x in b)
    print(path.split('/')[-1], 'rounds',len(b),'load median %.1f'%st.median(loads) if loads else '')
    for k,v in d.items():
        w=st.median(x[0] for x in v); c=st.median(x[1] for x in v); m=st.median(x[2] for x in v)
        print('  %-5s wall %6.2f (%.2fx)  cpu %5.2f (%.2fx)  rss %4.0f MiB'%(k,w,w/bw,c,c/bc,m))
