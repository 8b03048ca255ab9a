// The one role-to-permission map. Pure: no I/O.
// A permission is "verb:noun:scope"; scope "any" covers the whole tenant, "own" only the
// member's own partner (the database enforces that as well, through RLS).

export const INTERNAL_ROLES = ["admin", "director", "planner", "quality", "viewer"] as const;
export const PARTNER_ROLES = ["partner_admin", "partner_user"] as const;
export const ROLES = [...INTERNAL_ROLES, ...PARTNER_ROLES] as const;
export type Role = (typeof ROLES)[number];
export type InternalRole = (typeof INTERNAL_ROLES)[number];
export type PartnerRole = (typeof PARTNER_ROLES)[number];

export const PERMISSIONS = [
  "read:dashboard:any",
  "read:partner:any",
  "manage:partner:any",
  "read:item:any",
  "manage:item:any",
  "read:user:any",
  "manage:user:any",
  "read:user:own",
  "manage:user:own",
  "read:audit:any",
  "read:audit:own",
  "read:outbox:any",
  "read:po:any",
  "manage:po:any",
  "receive:po:any",
  "read:po:own",
  "respond:po:own",
  "read:shipment:any",
  "read:shipment:own",
  "create:shipment:own",
  "manage:settings:any",
  "read:inspection:any",
  "manage:inspection:any",
  "read:inspection:own",
  "submit:inspection:own",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ_INTERNAL: Permission[] = [
  "read:dashboard:any",
  "read:partner:any",
  "read:item:any",
  "read:po:any",
  "read:shipment:any",
  "read:inspection:any",
];
// what every partner member may do with its own orders and shipments (the partner's kind decides which apply)
const PARTNER_WORK: Permission[] = [
  "read:po:own",
  "respond:po:own",
  "read:shipment:own",
  "create:shipment:own",
  "read:inspection:own",
  "submit:inspection:own",
];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: [
    ...READ_INTERNAL,
    "manage:partner:any",
    "manage:item:any",
    "read:user:any",
    "manage:user:any",
    "read:audit:any",
    "read:outbox:any",
    "manage:po:any",
    "receive:po:any",
    "manage:settings:any",
    "manage:inspection:any",
  ],
  director: [...READ_INTERNAL, "read:user:any", "read:audit:any"],
  planner: [...READ_INTERNAL, "manage:item:any", "manage:po:any", "receive:po:any"],
  quality: [...READ_INTERNAL, "manage:inspection:any"],
  viewer: [...READ_INTERNAL],
  partner_admin: ["read:dashboard:any", "read:item:any", "read:user:own", "manage:user:own", "read:audit:own", ...PARTNER_WORK],
  partner_user: ["read:dashboard:any", "read:item:any", ...PARTNER_WORK],
};

export function isPartnerRole(role: Role): role is PartnerRole {
  return (PARTNER_ROLES as readonly string[]).includes(role);
}

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** Either scope of a verb:noun, e.g. canAny(role, "manage:user") for admins and partner admins. */
export function canAny(role: Role, verbNoun: string): boolean {
  return ROLE_PERMISSIONS[role].some((p) => p.startsWith(verbNoun + ":"));
}

/** Which roles a member with `role` may hand out by invitation. */
export function invitableRoles(role: Role): readonly Role[] {
  if (can(role, "manage:user:any")) return ROLES;
  if (can(role, "manage:user:own")) return PARTNER_ROLES;
  return [];
}

export const ROLE_LABELS: Record<Role, string> = {
  admin: "Administrator",
  director: "Production director",
  planner: "Planner",
  quality: "Quality",
  viewer: "Viewer",
  partner_admin: "Partner administrator",
  partner_user: "Partner user",
};
