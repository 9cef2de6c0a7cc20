import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// Custom search attributes let operators find an organization's or an inbox's workflows in Temporal.
export const orgIdAttribute = defineSearchAttributeKey('SwitchboardOrgId', SearchAttributeType.KEYWORD);
export const inboxIdAttribute = defineSearchAttributeKey('SwitchboardInboxId', SearchAttributeType.KEYWORD);

export const customSearchAttributes = [orgIdAttribute, inboxIdAttribute];
