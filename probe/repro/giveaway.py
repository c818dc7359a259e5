import json,random,string,math,sys
# 200 contest hunters (established), 5 brands' giveaways; each hunter enters each with p=.6: reshare + identical entry text,
# delay lognormal(median 30 min, sigma 1.5) drawn independently per entry; 1500 background accounts.
out=sys.argv[1]
r=random.Random(3); t0=1735689600; P=[]; A=[]
w=lambda n:" ".join("".join(r.choice(string.ascii_lowercase) for _ in range(r.randint(3,8))) for _ in range(n))
for g,(brand,prize) in enumerate([("gamestopx","a PS5"),("phonedeals","an iPhone 16"),("cashapp_fan","$500"),("pcbuilds","a gaming PC"),("tixmaster","concert tickets")]):
    T=t0+86400*(2*g+1)
    P.append({"post_id":"g%d"%g,"account_id":brand,"timestamp":T,"text":"GIVEAWAY! Win %s: RT and follow @%s to enter #giveaway #contest"%(prize,brand),"hashtags":["giveaway","contest"]})
    A.append({"account_id":brand,"handle":brand,"created_at":"2016-01-01T00:00:00Z","followers":50000,"verified":False,"bio":"brand","has_default_avatar":False,"posts_total":9000})
    for h in range(200):
        if r.random()<0.6:
            d=int(r.lognormvariate(math.log(1800),1.5))
            P.append({"post_id":"g%d_rt%d"%(g,h),"account_id":"hunter%03d"%h,"timestamp":T+d,"text":"","reshare_of":"g%d"%g})
            P.append({"post_id":"g%d_tx%d"%(g,h),"account_id":"hunter%03d"%h,"timestamp":T+d+r.randint(5,60),"text":"RT and follow @%s to win %s! #giveaway #contest"%(brand,prize),"hashtags":["giveaway","contest"],"mentions":[brand]})
for h in range(200):
    A.append({"account_id":"hunter%03d"%h,"handle":"luckyme%d"%h,"created_at":"20%02d-05-01T00:00:00Z"%r.randint(12,23),"followers":r.randint(50,2000),"verified":False,"bio":"love winning","has_default_avatar":False,"posts_total":r.randint(500,20000)})
    for k in range(5): P.append({"post_id":"hb%d_%d"%(h,k),"account_id":"hunter%03d"%h,"timestamp":t0+r.randint(0,86400*11),"text":w(10)})
for a in range(int(sys.argv[2]) if len(sys.argv)>2 else 1500):
    for k in range(8): P.append({"post_id":"o%d_%d"%(a,k),"account_id":"org%04d"%a,"timestamp":t0+r.randint(0,86400*11),"text":w(10)})
with open(out+".jsonl","w") as f:
    for p in sorted(P,key=lambda p:p["timestamp"]): f.write(json.dumps(p)+"\n")
with open(out+"_accounts.jsonl","w") as f:
    for a in A: f.write(json.dumps(a)+"\n")
