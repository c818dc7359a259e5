import json,sys
from collections import Counter,defaultdict
d=sys.argv[1]; rep=sys.argv[2]; nets=sys.argv[3:]
lab={}
for l in open(d+'/labels.csv').read().split('\n')[1:]:
    if l: a,n,t=l.split(','); lab[a]=n
r=json.load(open(d+'/'+rep))
pc=Counter(); langs=defaultdict(Counter)
for l in open(d+'/posts.jsonl'):
    p=json.loads(l); pc[p['account_id']]+=1; langs[p['account_id']][p.get('lang')]+=1
for net in nets:
    mem=[a for a,n in lab.items() if n==net]
    where=defaultdict(list)
    for k in ('networks','leads','same_owner'):
        for n in r.get(k) or []:
            for a in n['accounts']:
                if lab.get(a)==net: where[a].append(n['id'])
    c=Counter(tuple(v) for v in where.values())
    missed=[a for a in mem if a not in where]
    print(net,'members',len(mem),'placed',dict(c),'missed',len(missed),'missed posts dist',Counter(min(pc[a],9) for a in missed).most_common(), 'found posts dist',Counter(min(pc[a],9) for a in where).most_common())
    if 'paraphrase' in net:
        for nid in set(x for v in where.values() for x in v):
            print('  ',nid,Counter(langs[a].most_common(1)[0][0] for a,v in where.items() if nid in v))
        print('   missed langs',Counter(langs[a].most_common(1)[0][0] for a in missed))
