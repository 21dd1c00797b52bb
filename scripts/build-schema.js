#!/usr/bin/env node
// Part of `npm run build`, after tsc: write dist/config.schema.json from the
// zod schema of the configuration (src/config/json-schema.ts).
import {writeFile} from 'node:fs/promises'
import {configJsonSchema} from '../dist/config/json-schema.js'

await writeFile(new URL('../dist/config.schema.json', import.meta.url), JSON.stringify(configJsonSchema(), null, 2) + '\n')
