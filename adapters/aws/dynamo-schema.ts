/**
 * The layout of the single metadata table that the CDK table stack declares and
 * DynamoMetadataStore reads and writes; the infra code imports these names, so the table
 * and the adapter cannot drift apart.
 */

/** Partition and sort key attributes (both strings). */
export const PARTITION_KEY = 'pk';
export const SORT_KEY = 'sk';

/**
 * The table's TTL attribute: a top-level Number, in seconds since the epoch, after which
 * DynamoDB deletes the item (typically within a few days; readers must not rely on the
 * exact moment). Written by `put(…, { expiresAt })`.
 */
export const TTL_ATTRIBUTE = 'expiresAt';
