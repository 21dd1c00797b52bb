/**
 * The configuration: one documented, validated schema. Defaults fit the
 * Sovereign Cloud Stack community, so SCS needs no file at all; another
 * community changes a few keys (see README, "Configuration").
 */
import {z} from 'zod'

const handle = z
  .string()
  .regex(/^@?[A-Za-z\d](?:-?[A-Za-z\d]){0,38}$/, 'expected a GitHub handle such as "@octocat"')
  .transform((value) => value.replace(/^@/, ''))

const repositoryName = z.string().regex(/^[\w.-]+$/, 'expected a repository name such as "standards"')

const ruleSeverity = z.enum(['off', 'warning', 'error'])

const folderName = z.string().regex(/^[a-z\d][a-z\d-]*$/, 'expected a folder name of lowercase letters, digits and hyphens')
const repositoryFullName = z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'expected "OWNER/NAME"')

/** A team, in full (a string is its display name alone). */
const team = z
  .object({
    /** Display name (`Team IaaS`). Default: the team's key. */
    name: z.string().min(1).optional().describe('Display name (`Team IaaS`). Default: the team\'s key'),
    /** Folder of its minutes in the repository. Default: the team's key. */
    folder: folderName.optional().describe('Folder of its minutes in the repository. Default: the team\'s key'),
    /** Its running pads, HedgeDoc note URLs or files, which `minutes sync` reads. Default: none. */
    pads: z.array(z.string().min(1, 'expected a note URL or file')).optional().describe('Its running pads (HedgeDoc note URLs or files), which `minutes sync` reads. Default: none'),
    /** Minutes repository of this team, `OWNER/NAME`. Default: the configuration's `repository`. */
    repository: repositoryFullName.optional().describe('Minutes repository of this team, OWNER/NAME. Default: the configuration\'s `repository`')
  })
  .strict()

export const configSchema = z
  .object({
    /** The JSON schema of this file, for editors (ignored). */
    $schema: z.string().optional().describe('JSON schema of this file, for editor completion (ignored by minutes)'),
    /** GitHub organisation whose repositories are written `repo#N`. */
    org: z
      .string()
      .regex(/^[A-Za-z\d][\w.-]*$/, 'expected a GitHub organisation name')
      .default('SovereignCloudStack')
      .describe('GitHub organisation whose repositories are written `repo#12` (others `org/repo#12`)'),
    /** The community's minutes repository, `OWNER/NAME`. */
    repository: z
      .string()
      .regex(/^[\w.-]+\/[\w.-]+$/, 'expected "OWNER/NAME"')
      .default('SovereignCloudStack/minutes')
      .describe('The minutes repository on GitHub, OWNER/NAME: where `publish` opens pull requests'),
    /** The HedgeDoc server notes come from. */
    hedgedoc: z
      .string()
      .url('expected a URL such as "https://input.scs.community"')
      .refine((value) => /^https?:/.test(value), 'expected an http: or https: URL')
      .default('https://input.scs.community')
      .describe('The HedgeDoc server notes come from: its uploads are downloaded, links to its notes reported'),
    /**
     * Teams by key (their folder in the minutes repository, unless `folder`
     * says another): a display name, or `{name, folder, pads, repository}`.
     */
    teams: z
      .record(folderName, z.union([z.string(), team]))
      .default({
        'community-call': 'Community Call',
        container: 'Team Container',
        iaas: 'Team IaaS',
        iam: 'Team IAM',
        ops: 'Team Ops',
        'ops-iam': 'Team Ops & IAM',
        'product-board': 'Product Board',
        'project-board': 'Project Board',
        'sig-central-api': 'SIG Central API',
        'sig-community': 'SIG Community',
        'sig-documentation': 'SIG Documentation',
        'sig-iam': 'SIG IAM',
        'sig-markt': 'SIG Markt',
        'sig-monitoring': 'SIG Monitoring',
        'sig-release': 'SIG Release',
        'sig-standardization': 'SIG Standardization/Certification'
      })
      .describe('Teams by key (their folder in the minutes repository unless `folder` says another): a display name, or {name, folder, pads, repository}'),
    /** Plain names of participants → GitHub handles. */
    aliases: z.record(z.string(), handle).default({}).describe('Plain names of participants → GitHub handles'),
    /** Short repository names people write → the repository's real name. */
    abbreviations: z.record(z.string(), repositoryName).default({
      'k8s-capi': 'k8s-cluster-api-provider',
      capi: 'k8s-cluster-api-provider',
      cspo: 'cluster-stack-provider-openstack',
      cso: 'cluster-stack-operator',
      'hw-landscape': 'hardware-landscape'
    })
      .describe('Short repository names people write in link texts → the repository\'s real name'),
    /**
     * Repositories of the home organisation that link texts may name. A text
     * naming another repository than its target is reported only when the
     * name is one of these, a configured abbreviation, or linked in the same
     * note; other names (`Bug#12`, typos) are read as descriptive text.
     */
    repositories: z
      .array(repositoryName)
      .default([
        'issues',
        'standards',
        'docs',
        'k8s-cluster-api-provider',
        'cluster-stacks',
        'cluster-stack-provider-openstack',
        'cluster-stack-operator',
        'release-notes',
        'k8s-observability',
        'k8s-harbor',
        'central-api',
        'website',
        'docs-page',
        'github-manager',
        'hardware-landscape',
        'minutes',
        'csctl',
        'zuul-config',
        'container-images',
        'status-page-api'
      ])
      .describe('Repositories of the organisation that link texts may name; another name is a mismatch only when it is one of these, an abbreviation, or linked in the same note'),
    /** Template: a name from templates/ (`default`, `summary`) or a file path. */
    template: z.string().min(1).default('default').describe('Template of every conversion: `default`, `summary` or a file path'),
    /** `minutes check` rules: rule id → `off`, `warning` or `error`. */
    rules: z.record(z.string(), ruleSeverity).default({}).describe('`minutes check` rules: rule id → "off", "warning" or "error"'),
    /**
     * Files `minutes check` leaves out: glob patterns relative to the folder of
     * this file (as markdownlint-cli2's `ignores`).
     */
    ignores: z
      .array(z.string().min(1))
      .default([])
      .describe('Glob patterns of files `minutes check` leaves out, relative to the folder of this configuration file'),
    /** Whether `minutes check` leaves out the files `.gitignore` ignores. */
    gitignore: z.boolean().default(true).describe('Leave out the files that .gitignore files ignore (default true; `--no-gitignore` for one run)')
  })
  .strict()

/** A team of the configuration with every default applied. */
export interface TeamInfo {
  /** Key in `teams`. */
  key: string
  name: string
  folder: string
  pads: string[]
  /** `OWNER/NAME`. */
  repository: string
}

/**
 * The team `key` (or the team whose folder is `key`), defaults applied;
 * a team the configuration does not list is named by its key.
 */
export function teamInfo(config: Pick<Config, 'teams' | 'repository'>, key: string): TeamInfo {
  const entry = config.teams[key] ?? Object.entries(config.teams).find(([, value]) => typeof value === 'object' && value.folder === key)?.[1]
  const found = Object.hasOwn(config.teams, key) ? key : Object.keys(config.teams).find((name) => config.teams[name] === entry)
  const value = typeof entry === 'string' ? {name: entry} : (entry ?? {})
  return {
    key: found ?? key,
    name: value.name ?? found ?? key,
    folder: value.folder ?? found ?? key,
    pads: value.pads ?? [],
    repository: value.repository ?? config.repository
  }
}

/** Is `name` a team key or folder of the configuration? */
export function isTeam(config: Pick<Config, 'teams'>, name: string): boolean {
  return Object.hasOwn(config.teams, name) || Object.values(config.teams).some((value) => typeof value === 'object' && value.folder === name)
}

/** The configuration after defaults are applied. */
export type Config = z.output<typeof configSchema>
/** What a configuration file may say. */
export type ConfigInput = z.input<typeof configSchema>

export const defaultConfig: Config = configSchema.parse({})
