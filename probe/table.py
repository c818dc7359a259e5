import json,sys
seeds=sys.argv[1:]
for s in seeds:
    d='/tmp/probe-c%s'%s
    m=json.load(open(d+'/meta.json'))
    sc={f:{n['network']:n for n in json.load(open(d+'/'+f))['networks']} for f in ('score.json','score_noacc.json')}
    for c in m['campaigns']:
        a=sc['score.json'][c['network']]; b=sc['score_noacc.json'][c['network']]
        ex={k:v for k,v in c.items() if k not in('network','tactic','size','posts')}
        print('c%s %-22s size=%4d posts=%5d acc=%.2f(%s) noacc=%.2f(%s) %s'%(s,c['network'],c['size'],c['posts'],a['recall'],a['best_match'],b['recall'],b['best_match'],json.dumps(ex)[:150]))
