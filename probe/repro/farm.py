import json,random,string,sys
# usage: farm.py N_BOTS N_WAVES SPREAD_S OUT [N_BACKGROUND]
# N_BOTS accounts post the same text (one text per wave) within SPREAD_S seconds, one wave a day;
# optional background: N_BACKGROUND accounts x 10 random-word posts over 8 days.
n,w,spread,out=int(sys.argv[1]),int(sys.argv[2]),int(sys.argv[3]),sys.argv[4]
nbg=int(sys.argv[5]) if len(sys.argv)>5 else 0
r=random.Random(1); t0=1735689600; P=[]
base=["the minister lied about the budget again share before they delete it","our farmers are being betrayed by brussels bureaucrats every single day","vote them out in march the corrupt elite fears the people","the border is wide open and the media stays silent about it","inflation is their policy not an accident wake up everyone","they want to ban your car next do not let them win","the election commission is hiding the real numbers from you","foreign money is buying our newspapers one by one","schools teach propaganda now ask your kids what they learned","the new tax hits pensioners first and hardest","our water is being sold to foreign companies","they cancelled the referendum because they knew they would lose"]
for i,tx in enumerate(base[:w]):
    T=t0+86400*(i+1)
    for a in range(n):
        P.append({"post_id":"f%d_%d"%(i,a),"account_id":"bot%04d"%a,"timestamp":T+r.randint(0,spread),"text":tx})
for a in range(nbg):
    for k in range(10):
        P.append({"post_id":"o%d_%d"%(a,k),"account_id":"org%04d"%a,"timestamp":t0+r.randint(0,86400*(w+2)),"text":" ".join("".join(r.choice(string.ascii_lowercase) for _ in range(r.randint(3,8))) for _ in range(10))})
with open(out,"w") as f:
    for p in sorted(P,key=lambda p:p["timestamp"]): f.write(json.dumps(p)+"\n")
