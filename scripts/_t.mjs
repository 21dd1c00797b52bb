const {convert} = await import('../dist/index.js')
for (const t of process.argv.slice(2).map((s) => JSON.parse(s))) {
  const a = (await convert(t)).markdown; const b = (await convert(a)).markdown
  console.log(JSON.stringify(a)); if (a !== b) console.log('  2nd:', JSON.stringify(b))
}
