/**
 * What names the participants section, shared by the headings plugin (such a
 * label is never the title) and the participants plugin.
 */

/** Participants, Attendees and their misspellings and translations, with the words around. */
export const headingWord = /^(?<before>.*?)\b(?:partic?i?p?a?n?ts?|partizipants?|particpants|participans|attendees?|attendance list|teilnehmer(?:innen)?|anwesende?)\b(?<after>.*)$/i

/** Is this heading text a participants heading? */
export function isParticipantsHeading(text: string): boolean {
  const match = headingWord.exec(text.trim())
  if (!match) return false
  // "New participants", "Low attendance today": not the list.
  const before = match.groups!.before!.replace(/:[\w+-]+:|\p{Extended_Pictographic}|\uFE0F/gu, '').trim()
  return before === '' && !/^\s*(?:wanted|needed|welcome)/i.test(match.groups!.after!)
}
