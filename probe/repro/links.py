import json,random,string,sys
# usage: links.py OUT N_DOMAINS [N_MEMBERS] [SPAN_DAYS]
# N_MEMBERS fresh accounts each post 8 links over SPAN_DAYS; every URL distinct (path + ?id=), on N_DOMAINS fresh domains only they use.
out=sys.argv[1]; nd=int(sys.argv[2]); nm=int(sys.argv[3]) if len(sys.argv)>3 else 20; span=int(sys.argv[4]) if len(sys.argv)>4 else 7
r=random.Random(4); t0=1735689600; P=[]; A=[]
w=lambda n:" ".join("".join(r.choice(string.ascii_lowercase) for _ in range(r.randint(3,8))) for _ in range(n))
doms=["daily-truth%d.info"%i for i in range(nd)]
for m in range(nm):
    for k in range(8):
        u="https://%s/%s/%s?id=%d"%(r.choice(doms),"".join(r.choice(string.ascii_lowercase) for _ in range(6)),"".join(r.choice(string.ascii_lowercase) for _ in range(8)),r.randint(1,10**6))
        P.append({"post_id":"l%d_%d"%(m,k),"account_id":"lnk%02d"%m,"timestamp":t0+r.randint(0,86400*span),"text":w(8)+" "+u,"urls":[u]})
    A.append({"account_id":"lnk%02d"%m,"handle":"user%07d"%r.randint(0,10**7),"created_at":"2024-12-28T00:00:00Z","followers":3,"following":200,"bio":"","verified":False,"has_default_avatar":True,"posts_total":20})
for a in range(500):
    for k in range(8):
        d=r.choice(["youtube.com","nytimes.com","bbc.co.uk","reddit.com"]) if r.random()<0.3 else None
        u=["https://%s/%s"%(d,w(1))] if d else []
        P.append({"post_id":"o%d_%d"%(a,k),"account_id":"org%04d"%a,"timestamp":t0+r.randint(0,86400*span),"text":w(10)+(" "+u[0] if u else ""),"urls":u})
with open(out+".jsonl","w") as f:
    for p in sorted(P,key=lambda p:p["timestamp"]): f.write(json.dumps(p)+"\n")
with open(out+"_accounts.jsonl","w") as f:
    for a in A: f.write(json.dumps(a)+"\n")
