import json,random,string,sys
# usage: camo.py OUT FILLER [TAG]
# 20 members; 10 operations, each: 8 random members post the same new text + new link + new image within 30 min.
# each member also posts FILLER ordinary posts; 500 background accounts x 8 posts; 10 days. TAG=1 adds one campaign hashtag to every op post.
out=sys.argv[1]; filler=int(sys.argv[2]); tag=len(sys.argv)>3 and sys.argv[3]=="1"
r=random.Random(5); t0=1735689600; P=[]; span=86400*10
w=lambda n:" ".join("".join(r.choice(string.ascii_lowercase) for _ in range(r.randint(3,8))) for _ in range(n))
for op in range(10):
    T=t0+r.randint(0,span-3600); txt=w(12); u="https://%s.net/%s"%(w(1),w(1)); img="%016x"%r.getrandbits(64)
    for m in r.sample(range(20),8):
        p={"post_id":"op%d_%d"%(op,m),"account_id":"cm%02d"%m,"timestamp":T+r.randint(0,1800),"text":txt+" "+u,"urls":[u],"media":[img]}
        if tag: p["hashtags"]=["ourcause"]; p["text"]+=" #ourcause"
        P.append(p)
for m in range(20):
    for k in range(filler): P.append({"post_id":"cf%d_%d"%(m,k),"account_id":"cm%02d"%m,"timestamp":t0+r.randint(0,span),"text":w(10)})
for a in range(500):
    for k in range(8): P.append({"post_id":"o%d_%d"%(a,k),"account_id":"org%04d"%a,"timestamp":t0+r.randint(0,span),"text":w(10)})
with open(out+".jsonl","w") as f:
    for p in sorted(P,key=lambda p:p["timestamp"]): f.write(json.dumps(p)+"\n")
