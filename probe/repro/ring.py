import json,random,string,sys
# hub + 12 ring members resharing 60-90% of hub's 20 posts after 5-60 min; 1500 background accounts; out prefix
out=sys.argv[1]; filler=int(sys.argv[2]) if len(sys.argv)>2 else 0
r=random.Random(2); t0=1735689600; P=[]; A=[]
w=lambda n:" ".join("".join(r.choice(string.ascii_lowercase) for _ in range(r.randint(3,8))) for _ in range(n))
for k in range(20):
    T=t0+k*36000
    P.append({"post_id":"h%d"%k,"account_id":"hub","timestamp":T,"text":w(12)})
    for m in range(12):
        if r.random()<0.75: P.append({"post_id":"h%d_r%d"%(k,m),"account_id":"ring%02d"%m,"timestamp":T+r.randint(300,3600),"text":"","reshare_of":"h%d"%k})
for k in range(filler):
    P.append({"post_id":"hf%d"%k,"account_id":"hub","timestamp":t0+r.randint(0,86400*9),"text":w(12)})
for a in range(int(sys.argv[3]) if len(sys.argv)>3 else 1500):
    for k in range(8):
        P.append({"post_id":"o%d_%d"%(a,k),"account_id":"org%04d"%a,"timestamp":t0+r.randint(0,86400*9),"text":w(10)})
for m in range(12): A.append({"account_id":"ring%02d"%m,"handle":"ring%02d"%m,"created_at":"2019-03-01T00:00:00Z","followers":300,"following":200,"bio":"just me","verified":False,"has_default_avatar":False,"posts_total":3000})
A.append({"account_id":"hub","handle":"hubby","created_at":"2018-03-01T00:00:00Z","followers":250,"following":200,"bio":"opinions","verified":False,"has_default_avatar":False,"posts_total":5000})
with open(out+".jsonl","w") as f:
    for p in sorted(P,key=lambda p:p["timestamp"]): f.write(json.dumps(p)+"\n")
with open(out+"_accounts.jsonl","w") as f:
    for a in A: f.write(json.dumps(a)+"\n")
