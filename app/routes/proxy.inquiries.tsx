import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { receiveStorefrontInquiry, refuseStorefrontMethod } from "../inquiries/intake.server";

// POST /apps/tsunagu/inquiries through Shopify's app proxy: the storefront inquiry form (DESIGN.md).
export const action = ({ request }: ActionFunctionArgs) => receiveStorefrontInquiry(request);

// Other methods: the signature is still verified first, then 405.
export const loader = ({ request }: LoaderFunctionArgs) => refuseStorefrontMethod(request);
