import {convert} from '../dist/index.js'
const unit = '## Topic\n\nSome text about the topic, with a [link](https://example.com/page) and `code`.\nA second line with @handle and #12.\n\n- an item\n- another item\n\n'
const note = '# Huge 2024-01-01\n\n' + unit.repeat(Math.ceil(2e6 / unit.length))
const s = performance.now(); await convert(note); console.error(((performance.now()-s)/1000).toFixed(1), 's')
