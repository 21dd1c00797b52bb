// The note this project started from (../shared/corpus/iaas/20230726.md,
// read at test time, never copied): the excerpt of its minutes the issue
// "Minutes semantics" gives. Like the corpus checks in .ci/run, it runs where
// ../shared/corpus exists; a clone elsewhere has no seed note to read.
import {existsSync} from 'node:fs'
import {readFile} from 'node:fs/promises'
import {expect, it} from 'vitest'
import {convert} from '../src/index.js'

const seed = new URL('../../shared/corpus/iaas/20230726.md', import.meta.url)

it.runIf(existsSync(seed))('converts the seed note into the minutes the issue shows', async () => {
  const {markdown} = await convert(await readFile(seed, 'utf8'), {path: 'iaas/20230726.md'})
  const excerpt = [
    '# 2023-07-26\n\n## Participants\n\n- @fkr\n- @flyersa\n',
    '## Recurring items\n\n- Who is presenting in weekly community call and transforming hedgedoc to minutes in GitHub?\\\n  @gndrmnn\n',
    '- [issues#268](https://github.com/SovereignCloudStack/issues/issues/268): Can be closed, has been backported and will be in 5.3.0\n' +
      '- [issues#269](https://github.com/SovereignCloudStack/issues/issues/269): Refinement metric collection done\n' +
      '  - Next: Documentation [issues#273](https://github.com/SovereignCloudStack/issues/issues/273), integration tests [issues#346](https://github.com/SovereignCloudStack/issues/issues/346), [issues#363](https://github.com/SovereignCloudStack/issues/issues/363), <https://quay.io/repository/osism/metering?tab=info>, demo and [blog post #370](https://github.com/SovereignCloudStack/issues/issues/370) wanted, odoo as demonstrator\n' +
      '- volume types [standards#323](https://github.com/SovereignCloudStack/standards/pull/323), do NOT require cross-AZ attachability (mention that this is not guaranteed)\n',
    '- <https://github.com/osism/ansible-playbooks/tree/feature/ceph-configure-lvm-volumes>\n- [osism/issues#595](https://github.com/osism/issues/issues/595) - playbook to create/configure OSDs\n',
    '- VPN aaS with OVN: Patches from syseleven, [VexxHost](https://lists.openstack.org/pipermail/openstack-discuss/2023-July/034469.html)\n'
  ]
  for (const part of excerpt) expect(markdown).toContain(part)
  expect(markdown.startsWith(excerpt[0]!)).toBe(true)
})
