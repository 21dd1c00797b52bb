import {readFile} from 'node:fs/promises'
import {glob} from 'tinyglobby'
import {unified} from 'unified'
import remarkParse from 'remark-parse'
import remarkGfm from 'remark-gfm'
import remarkStringify from 'remark-stringify'
import {convert} from '../dist/index.js'
const dir='/work/shared/corpus'
const files=(await glob('**/*.md',{cwd:dir})).sort()
const texts=await Promise.all(files.map(f=>readFile(dir+'/'+f,'utf8')))
const plain=unified().use(remarkParse).use(remarkGfm).use(remarkStringify).freeze()
const cpu=()=>{const u=process.cpuUsage();return (u.user+u.system)/1e6}
for (let r=0;r<3;r++){
let t=cpu(); for (const x of texts) String(await plain.process(x)); const a=cpu()-t
t=cpu(); for (let i=0;i<texts.length;i++) await convert(texts[i],{path:files[i]}); const b=cpu()-t
console.log('plain cpu',a.toFixed(2),'convert cpu',b.toFixed(2), 'ratio', (b/a).toFixed(2))
}
